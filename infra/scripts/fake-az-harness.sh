# shellcheck shell=bash
# Shared by the deploy scripts' tests: a work directory whose bin/ goes first on the PATH (each test writes its own
# fake `az` there, which logs every call to $FAKE_LOG), and the helpers that run a script and check what it did.
# Sourced after `set -euo pipefail`; sets `here` (this folder) and `work`.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
export FAKE_LOG="$work/log"
failures=0

# run NAME EXPECTED_STATUS SCRIPT [ARGS...] : runs a script of this folder with the fake az; its output goes to
# $work/out, its calls to $work/log.
run() {
  local name=$1 expected=$2 script=$3 status=0
  shift 3
  : >"$work/log"
  rm -f "$work/log.failed"
  PATH="$work/bin:$PATH" bash "$here/$script" "$@" >"$work/out" 2>&1 || status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "FAIL $name: exit $status, expected $expected"; cat "$work/out"; failures=$((failures + 1))
  fi
}

# check NAME WHAT COMMAND... : one assertion, counted when it fails.
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

# finish LABEL : the verdict, and the exit status.
finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "$1: all checks passed"
}
