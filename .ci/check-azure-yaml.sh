#!/usr/bin/env bash
# Checks azure.yaml against the Azure Developer CLI's published JSON schema (issue 12): the schema is vendored in
# .ci/schemas (source and commit in .ci/schemas/README.md), since CI reaches the npm registry but not GitHub.
# Installs what is missing first: ajv (JSON Schema, draft 2019-09), ajv-formats and yaml from npm, pinned below,
# into .ci/.tools/azure-yaml (git-ignored), like .ci/lint-workflows.sh. Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

AJV_PACKAGE="ajv@8.20.0"
AJV_FORMATS_PACKAGE="ajv-formats@3.0.1"
YAML_PACKAGE="yaml@2.9.1"
TOOLS_DIR=".ci/.tools/azure-yaml"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi

installed() {
  local package=$1 name version
  name="${package%@*}"
  version="${package##*@}"
  [ -f "$TOOLS_DIR/node_modules/$name/package.json" ] &&
    grep -q "\"version\": \"$version\"" "$TOOLS_DIR/node_modules/$name/package.json"
}
if ! installed "$AJV_PACKAGE" || ! installed "$AJV_FORMATS_PACKAGE" || ! installed "$YAML_PACKAGE"; then
  echo "Installing ajv, ajv-formats and yaml into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  # A directory of its own: a --no-save install into .ci/.tools would remove what lint-workflows.sh put there.
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save --loglevel=error \
    "$AJV_PACKAGE" "$AJV_FORMATS_PACKAGE" "$YAML_PACKAGE"
fi

echo "== azure.yaml (azd schema)"
NODE_PATH="$TOOLS_DIR/node_modules" node .ci/validate-azure-yaml.cjs .ci/schemas azure.yaml
