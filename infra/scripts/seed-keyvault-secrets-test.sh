#!/bin/bash
# Tests seed-keyvault-secrets.sh against a fake `az` on the PATH that plays a vault: which secrets exist, which are
# soft-deleted, and a log of every call. Run by .ci/run; needs bash only.
set -euo pipefail
# shellcheck source=infra/scripts/fake-az-harness.sh
. "$(dirname "$0")/fake-az-harness.sh"

cat >"$work/bin/az" <<'FAKE'
#!/bin/bash
# The fake vault: FAKE_EXISTING and FAKE_DELETED hold names, one per line; each call is logged, one per line.
printf '%s\n' "$*" >>"$FAKE_LOG"
case "$*" in
  "keyvault secret list-deleted"*) printf '%s' "${FAKE_DELETED:-}" ;;
  "keyvault secret list "*) printf '%s' "${FAKE_EXISTING:-}" ;;
esac
FAKE
chmod +x "$work/bin/az"

export VAULT_NAME=kv-test SECRET_NAMES="kept revoked missing"

export FAKE_EXISTING=$'kept\n' FAKE_DELETED=$'revoked\n'

name=seedWhenSecretSoftDeletedThenNotRecoveredAndFailsNamingIt
run "$name" 1 seed-keyvault-secrets.sh
check "$name" "no recover call" not_logged "secret recover"
check "$name" "names the deleted secret" said "Soft-deleted, left as they are: revoked"
check "$name" "still creates the missing one" logged "secret set --vault-name kv-test --name missing --file"
check "$name" "never sets the existing one" not_logged "--name kept"

name=seedWhenRecoverDeletedFlagThenRecovered
run "$name" 0 seed-keyvault-secrets.sh --recover-deleted
check "$name" "recovers the deleted secret" logged "secret recover --vault-name kv-test --name revoked"

name=seedWhenRecoverDeletedEnvironmentTrueThenRecovered
RECOVER_DELETED=true run "$name" 0 seed-keyvault-secrets.sh
check "$name" "recovers the deleted secret" logged "secret recover --vault-name kv-test --name revoked"

name=seedWhenRecoverDeletedEnvironmentNotABooleanThenRefused
RECOVER_DELETED=yes run "$name" 2 seed-keyvault-secrets.sh
check "$name" "calls nothing" not_logged "keyvault"

name=seedWhenSecretMissingThenValueNeverOnTheCommandLineOrInTheOutput
FAKE_DELETED="" run "$name" 0 seed-keyvault-secrets.sh
check "$name" "value handed over in a file" logged "--name missing --file"
check "$name" "no 64-hex value in the calls" not_logged "[0-9a-f]\{64\}"
check "$name" "no 64-hex value in the output" bash -c "! grep -q '[0-9a-f]\{64\}' '$work/out'"

finish "seed-keyvault-secrets.sh"
