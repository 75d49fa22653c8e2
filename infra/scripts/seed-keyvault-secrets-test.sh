#!/bin/bash
# Tests seed-keyvault-secrets.sh against a fake `az` on the PATH that plays a vault: which secrets exist, which are
# soft-deleted, and a log of every call. Run by .ci/run; needs bash only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin"
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

failures=0
# run NAME EXPECTED_STATUS [ARGS...] : runs the script with the fake vault; its output goes to $work/out.
run() {
  local name=$1 expected=$2 status=0
  shift 2
  : >"$work/log"
  PATH="$work/bin:$PATH" FAKE_LOG="$work/log" VAULT_NAME=kv-test SECRET_NAMES="kept revoked missing" \
    bash "$here/seed-keyvault-secrets.sh" "$@" >"$work/out" 2>&1 || status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "FAIL $name: exit $status, expected $expected"; cat "$work/out"; failures=$((failures + 1))
  fi
}
# check NAME CONDITION_DESCRIPTION COMMAND... : one assertion.
check() {
  local name=$1 what=$2
  shift 2
  if ! "$@"; then
    echo "FAIL $name: $what"; cat "$work/out"; failures=$((failures + 1))
  fi
}
logged() { grep -q -- "$1" "$work/log"; }
not_logged() { ! grep -q -- "$1" "$work/log"; }
said() { grep -q -- "$1" "$work/out"; }

export FAKE_EXISTING=$'kept\n' FAKE_DELETED=$'revoked\n'

name=seedWhenSecretSoftDeletedThenNotRecoveredAndFailsNamingIt
run "$name" 1
check "$name" "no recover call" not_logged "secret recover"
check "$name" "names the deleted secret" said "Soft-deleted, left as they are: revoked"
check "$name" "still creates the missing one" logged "secret set --vault-name kv-test --name missing --file"
check "$name" "never sets the existing one" not_logged "--name kept"

name=seedWhenRecoverDeletedFlagThenRecovered
run "$name" 0 --recover-deleted
check "$name" "recovers the deleted secret" logged "secret recover --vault-name kv-test --name revoked"

name=seedWhenRecoverDeletedEnvironmentTrueThenRecovered
RECOVER_DELETED=true run "$name" 0
check "$name" "recovers the deleted secret" logged "secret recover --vault-name kv-test --name revoked"

name=seedWhenRecoverDeletedEnvironmentNotABooleanThenRefused
RECOVER_DELETED=yes run "$name" 2
check "$name" "calls nothing" not_logged "keyvault"

name=seedWhenSecretMissingThenValueNeverOnTheCommandLineOrInTheOutput
FAKE_DELETED="" run "$name" 0
check "$name" "value handed over in a file" logged "--name missing --file"
check "$name" "no 64-hex value in the calls" not_logged "[0-9a-f]\{64\}"
check "$name" "no 64-hex value in the output" bash -c "! grep -q '[0-9a-f]\{64\}' '$work/out'"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "seed-keyvault-secrets.sh: all checks passed"
