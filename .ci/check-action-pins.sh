#!/usr/bin/env bash
# Checks that every `uses:` under .github/ (workflows, composite actions) names its action at a full 40-hex commit
# SHA with the tag in a comment, e.g.
#   uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803 # v6.1.0
# A tag or branch can be moved to other code after review; a commit cannot (issue 12, defect 3). The comment keeps the
# pin readable and lets an update tool bump it. Allowed as they are: local actions (./path) and docker:// images
# pinned by sha256 digest.
#
# Usage: check-action-pins.sh [DIR...]   (default: .github). Runs its own self-test first, so it cannot pass by
# matching nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# check DIR...: prints each offending line as file:line: text; returns 1 if there was one, 2 if no `uses:` was found.
check() {
  local status=0 found=0 file number line ref rest
  local sha_ref='^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$'
  local docker_ref='^docker://[^@ ]+@sha256:[0-9a-f]{64}$'
  while IFS= read -r file; do
    number=0
    while IFS= read -r line || [ -n "$line" ]; do
      number=$((number + 1))
      [[ "$line" =~ ^[[:space:]]*(-[[:space:]]+)?uses:[[:space:]]*(.*)$ ]] || continue
      found=$((found + 1))
      rest="${BASH_REMATCH[2]}"
      ref="${rest%%[[:space:]]*}"
      ref="${ref%\"}"; ref="${ref#\"}"; ref="${ref%\'}"; ref="${ref#\'}"
      if [[ "$ref" == ./* ]] || [[ "$ref" =~ $docker_ref ]]; then
        continue
      fi
      if ! [[ "$ref" =~ $sha_ref ]]; then
        echo "$file:$number: not pinned to a 40-hex commit SHA: $ref" >&2
        status=1
      elif ! [[ "$rest" =~ [[:space:]]#[[:space:]]*[^[:space:]]+ ]]; then
        echo "$file:$number: pinned, but no '# <tag>' comment names the tag: $ref" >&2
        status=1
      fi
    done <"$file"
  done < <(find "$@" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
  if [ "$status" -eq 0 ] && [ "$found" -eq 0 ]; then
    echo "no 'uses:' found under $*" >&2
    return 2
  fi
  return "$status"
}

# self_test: the check must accept pinned references and refuse each unpinned form.
self_test() {
  local dir result=0 status bad
  dir="$(mktemp -d)"
  cat >"$dir/good.yml" <<'YAML'
steps:
  - uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803 # v6.1.0
  - uses: ./.github/actions/local
  - name: x
    uses: "azure/login@f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca"  # v3.0.1
YAML
  if ! check "$dir" >/dev/null 2>&1; then
    echo "self-test: a pinned file was refused" >&2
    result=1
  fi
  for bad in 'actions/checkout@v4' 'actions/checkout@main # v4' \
    'actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803' 'actions/checkout@d23441a # v6'; do
    printf 'steps:\n  - uses: %s\n' "$bad" >"$dir/bad.yml"
    status=0
    check "$dir" >/dev/null 2>&1 || status=$?
    if [ "$status" -ne 1 ]; then
      echo "self-test: '$bad' was accepted" >&2
      result=1
    fi
  done
  rm -rf "$dir"
  return "$result"
}

self_test
if [ "$#" -eq 0 ]; then set -- .github; fi
check "$@"
echo "Every uses: under $* is pinned to a commit SHA with its tag in a comment."
