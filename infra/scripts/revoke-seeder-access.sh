#!/bin/bash
# Deletes the secret-seeding identity's role assignments on the Key Vault once a deployment of infra/main.bicep is
# over (issue 12, defect 8): the seeder needs Key Vault Secrets Officer while its deployment script runs, and no
# longer. Run by .github/workflows/deploy.yml after every provision (a failed one too) and by azd's postprovision
# hook (azure.yaml). Idempotent: with nothing to delete it says so and succeeds.
#
# Usage: revoke-seeder-access.sh [--resource-group RG] [--name-prefix PREFIX]
#   Environment instead of flags: AZURE_RESOURCE_GROUP, AZURE_NAME_PREFIX (default apimoauth).
# The identity and the vault are found by the names main.bicep gives them, so this works even when the deployment
# failed before producing outputs. It needs Microsoft.Authorization/roleAssignments/delete on the vault: the
# pipeline's conditioned Role Based Access Control Administrator, or Owner.
set -euo pipefail

resource_group="${AZURE_RESOURCE_GROUP:-}"
prefix="${AZURE_NAME_PREFIX:-apimoauth}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --resource-group) resource_group="${2:?}"; shift ;;
    --name-prefix) prefix="${2:?}"; shift ;;
    -h | --help) echo "Usage: revoke-seeder-access.sh [--resource-group RG] [--name-prefix PREFIX]"; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
: "${resource_group:?the resource group is required: --resource-group or AZURE_RESOURCE_GROUP}"

# Built-in role "Key Vault Secrets Officer".
officer_role="b86a8fe4-44ce-4948-aee5-eccb2c155cd7"

seeder="$(az identity show --resource-group "$resource_group" --name "id-$prefix-secrets-seeder" \
  --query principalId --output tsv 2>/dev/null || true)"
vault_id="$(az keyvault list --resource-group "$resource_group" \
  --query "[?starts_with(name, 'kv$prefix')].id | [0]" --output tsv 2>/dev/null || true)"
if [ -z "$seeder" ] || [ -z "$vault_id" ]; then
  echo "No seeding identity or vault in $resource_group (prefix $prefix): nothing to revoke."
  exit 0
fi

# Assignments at the vault only; --fill-principal-name false: no Microsoft Graph lookup, which the pipeline may lack.
assignments="$(az role assignment list --scope "$vault_id" --fill-principal-name false \
  --query "[?principalId=='$seeder' && ends_with(roleDefinitionId, '$officer_role')].id" --output tsv)"
if [ -z "$assignments" ]; then
  echo "The seeding identity holds no role on the vault: nothing to revoke."
  exit 0
fi
while IFS= read -r id; do
  [ -n "$id" ] || continue
  az role assignment delete --ids "$id" --output none
  echo "Revoked the seeding identity's Key Vault Secrets Officer role on the vault (${id##*/})."
done <<<"$assignments"
