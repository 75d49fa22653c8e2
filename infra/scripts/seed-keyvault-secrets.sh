#!/bin/bash
# Runs inside Microsoft.Resources/deploymentScripts (the Azure CLI image), signed in as the "secrets-seeder"
# user-assigned identity, which holds Key Vault Secrets Officer on the vault.
#
# For each name in SECRET_NAMES:
#   - the secret exists               -> left as it is (its value is never read);
#   - it is deleted but recoverable   -> recovered, with its old value;
#   - it does not exist               -> created with 32 random bytes, hex-encoded.
# A value is generated into a private temporary file and handed to the CLI with --file, so it never appears on a
# command line, in the script's output, in the deployment's outputs or in its logs. Only names are printed.
set -euo pipefail

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

for name in $SECRET_NAMES; do
  if contains "$existing" "$name"; then
    echo "Secret $name exists: kept."
  elif contains "$deleted" "$name"; then
    az keyvault secret recover --vault-name "$VAULT_NAME" --name "$name" --output none
    echo "Secret $name was soft-deleted: recovered with its previous value."
  else
    value_file="$workdir/value"
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$value_file"
    az keyvault secret set --vault-name "$VAULT_NAME" --name "$name" --file "$value_file" --encoding utf-8 \
      --content-type 'text/plain' --output none
    rm -f "$value_file"
    echo "Secret $name created with a random value."
  fi
done
