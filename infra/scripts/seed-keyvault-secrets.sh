#!/bin/bash
# Creates the Key Vault secrets the services read, when missing. Runs inside Microsoft.Resources/deploymentScripts
# (the Azure CLI image), signed in as the "secrets-seeder" user-assigned identity, which holds Key Vault Secrets
# Officer on the vault while the deployment runs (infra/scripts/revoke-seeder-access.sh removes it afterwards).
#
# Usage: seed-keyvault-secrets.sh [--recover-deleted]
#   Environment: VAULT_NAME, SECRET_NAMES (space-separated), RECOVER_DELETED=true|false (default false).
# The deployment runs it when the vault or the secret names change, or the reseed parameter gets a new value
# (infra/modules/keyvault-secret-values.bicep); not on every deployment.
#
# For each name in SECRET_NAMES:
#   - the secret exists               -> left as it is (its value is never read);
#   - it does not exist               -> created with 32 random bytes, hex-encoded;
#   - it is deleted but recoverable   -> NOT recovered, and the script fails naming it. Deleting a secret is how an
#     operator may revoke a leaked key, and recovering it would bring the old value back on the next deployment.
#     Only --recover-deleted (or RECOVER_DELETED=true; in Bicep, recoverDeletedSecrets=true) recovers it, with its
#     old value. To get a new value instead, purge the deleted secret (when purge protection allows it), or recover
#     it explicitly and then add a new version.
# A value is generated into a private temporary file and handed to the CLI with --file, so it never appears on a
# command line, in the script's output, in the deployment's outputs or in its logs. Only names are printed.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: seed-keyvault-secrets.sh [--recover-deleted]
  Creates the missing secrets of SECRET_NAMES (space-separated) in VAULT_NAME. A soft-deleted secret is recovered,
  with its old value, only with --recover-deleted or RECOVER_DELETED=true; otherwise the script fails naming it.
USAGE
}

recover_deleted="${RECOVER_DELETED:-false}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --recover-deleted) recover_deleted=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "Unknown argument: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done
case "$recover_deleted" in
  true | false) ;;
  *)
    echo "RECOVER_DELETED must be true or false, not '$recover_deleted'" >&2
    exit 2
    ;;
esac

: "${VAULT_NAME:?VAULT_NAME is required}"
: "${SECRET_NAMES:?SECRET_NAMES is required}"

umask 077
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

# The role assignment that lets this identity manage secrets is created moments before the script runs; Azure RBAC
# can take a few minutes to apply it, so the first listing is retried.
existing=""
for attempt in $(seq 1 30); do
  if existing="$(az keyvault secret list --vault-name "$VAULT_NAME" --query '[].name' --output tsv 2>"$workdir/err")"; then
    break
  fi
  if [ "$attempt" -eq 30 ]; then
    echo "Cannot list the secrets of $VAULT_NAME:" >&2
    cat "$workdir/err" >&2
    exit 1
  fi
  echo "Waiting for Key Vault access to apply (attempt $attempt)..."
  sleep 20
done
deleted="$(az keyvault secret list-deleted --vault-name "$VAULT_NAME" --query '[].name' --output tsv)"

contains() {
  printf '%s\n' "$1" | grep -Fxq -- "$2"
}

left_deleted=()
for name in $SECRET_NAMES; do
  if contains "$existing" "$name"; then
    echo "Secret $name exists: kept."
  elif contains "$deleted" "$name"; then
    if [ "$recover_deleted" = true ]; then
      az keyvault secret recover --vault-name "$VAULT_NAME" --name "$name" --output none
      echo "Secret $name was soft-deleted: recovered with its previous value (recover-deleted is on)."
    else
      echo "Secret $name is soft-deleted: not recovered, since a deletion may be a revocation." >&2
      left_deleted+=("$name")
    fi
  else
    value_file="$workdir/value"
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$value_file"
    az keyvault secret set --vault-name "$VAULT_NAME" --name "$name" --file "$value_file" --encoding utf-8 \
      --content-type 'text/plain' --output none
    rm -f "$value_file"
    echo "Secret $name created with a random value."
  fi
done

if [ "${#left_deleted[@]}" -gt 0 ]; then
  cat >&2 <<MESSAGE
Soft-deleted, left as they are: ${left_deleted[*]}
Key Vault cannot create a secret under a name that is soft-deleted. Either
  - purge it (az keyvault secret purge --vault-name $VAULT_NAME --name <name>) and deploy again with a new reseed
    value (RESEED_SECRETS=<the date, say>): a new random value is created; purge protection forbids the purge until
    the retention period ends; or
  - deploy with recoverDeletedSecrets=true (RECOVER_DELETED_SECRETS=true; here RECOVER_DELETED=true, or
    --recover-deleted) to recover it with its OLD value, then add a new version if the deletion was a revocation.
MESSAGE
  exit 1
fi
