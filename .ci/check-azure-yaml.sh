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

# shellcheck source=.ci/node-tools.sh
. .ci/node-tools.sh
# A directory of its own: a --no-save install into .ci/.tools would remove what lint-workflows.sh put there.
npm_tools "$TOOLS_DIR" "$AJV_PACKAGE" "$AJV_FORMATS_PACKAGE" "$YAML_PACKAGE"

echo "== azure.yaml (azd schema)"
NODE_PATH="$TOOLS_DIR/node_modules" node .ci/validate-azure-yaml.cjs .ci/schemas azure.yaml
