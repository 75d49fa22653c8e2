#!/bin/bash
# Deploys infra/main.bicep (the platform: everything but the container apps) to a resource group and writes the
# deployment's outputs, as NAME=value lines, to a file. Used by .github/workflows/deploy.yml; works by hand too.
#
# Usage: provision.sh --resource-group RG --outputs FILE [--name DEPLOYMENT_NAME]
#   The parameters come from infra/main.bicepparam, which reads its variables from the environment.
#
# Retries the deployment once, after a pause, when it failed only with Microsoft Graph's "Not a valid reference
# update" (issue 12, defect 2): Graph learns of a new managed identity some time after ARM created it, and an app
# role assignment made too early fails (msgraph-bicep-types #193). main.bicep already orders the assignment after
# the secret seeding, which takes minutes on a first deployment; this retry covers a slow replication all the same.
# Any other failure is not retried.
set -euo pipefail

usage() {
  echo "Usage: provision.sh --resource-group RG --outputs FILE [--name DEPLOYMENT_NAME]"
}

resource_group=""
outputs_file=""
name="provision-$(date -u +%Y%m%dT%H%M%SZ)"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --resource-group) resource_group="${2:?}"; shift ;;
    --outputs) outputs_file="${2:?}"; shift ;;
    --name) name="${2:?}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$resource_group" ] || [ -z "$outputs_file" ]; then
  usage >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
retry_pause="${PROVISION_RETRY_PAUSE_SECONDS:-90}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

deploy() {
  az deployment group create \
    --resource-group "$resource_group" \
    --name "$1" \
    --parameters "$here/../main.bicepparam" \
    --query properties.outputs --output json >"$work/outputs.json" 2>"$work/error"
}

if ! deploy "$name"; then
  cat "$work/error" >&2
  if ! grep -q 'Not a valid reference update' "$work/error"; then
    exit 1
  fi
  echo "Graph did not know a new identity yet (msgraph-bicep-types #193): retrying once in $retry_pause s." >&2
  sleep "$retry_pause"
  if ! deploy "$name-retry"; then
    cat "$work/error" >&2
    exit 1
  fi
fi

# NAME=value per output; the values are names, ids and URLs (main.bicep outputs no secret).
# Upper-cased: ARM may return an UPPER_CASE output name camel-cased at the front (AZURE_CONTAINER_REGISTRY_NAME as
# azurE_CONTAINER_REGISTRY_NAME; azd works around the same quirk, see its provisioning.OutputParametersFromArmOutputs),
# and every output of main.bicep is UPPER_CASE, so upper-casing restores the declared name.
jq -r 'to_entries[] | "\(.key | ascii_upcase)=\(.value.value)"' "$work/outputs.json" >"$outputs_file"
echo "Provisioned $resource_group; outputs in $outputs_file:"
cut -d= -f1 "$outputs_file"
