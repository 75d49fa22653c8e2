#!/bin/bash
# Moves all traffic of each container app to its candidate revision, once the smoke test passed (issue 12,
# "Revisions"), then deactivates every revision but the new one and the one it replaces.
#
# Usage: promote.sh --resource-group RG APP=REVISION [APP=REVISION...]
#   Give the apps in call order backwards (backend, gateway, frontend): the frontend, the one public entry, switches
#   last, onto a chain whose other revisions are already in place.
# Keeping the replaced revision active is the rollback: each frontend revision calls the gateway revision it was
# tested with, and that one the backend revision it was tested with, so sending the frontend's traffic back to its
# previous revision restores the previous chain whole:
#   az containerapp ingress traffic set -g RG -n ca-<prefix>-frontend --revision-weight <previous revision>=100
set -euo pipefail

resource_group=""
pairs=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --resource-group) resource_group="${2:?}"; shift ;;
    *=*) pairs+=("$1") ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$resource_group" ] || [ "${#pairs[@]}" -eq 0 ]; then
  echo "Usage: promote.sh --resource-group RG APP=REVISION [APP=REVISION...]" >&2
  exit 2
fi

for pair in "${pairs[@]}"; do
  app="${pair%%=*}"
  revision="${pair#*=}"
  # The revisions serving before the switch: kept active for a rollback.
  previous="$(az containerapp ingress traffic show --name "$app" --resource-group "$resource_group" \
    --query "[?weight > \`0\` && revisionName != null].revisionName" --output tsv)"
  az containerapp ingress traffic set --name "$app" --resource-group "$resource_group" \
    --revision-weight "$revision=100" --output none
  echo "$app: all traffic on $revision (was: ${previous//$'\n'/ })"

  active="$(az containerapp revision list --name "$app" --resource-group "$resource_group" \
    --query "[?properties.active].name" --output tsv)"
  while IFS= read -r old; do
    [ -n "$old" ] || continue
    if [ "$old" = "$revision" ] || printf '%s\n' "$previous" | grep -Fxq -- "$old"; then
      continue
    fi
    az containerapp revision deactivate --name "$app" --resource-group "$resource_group" --revision "$old" \
      --output none
    echo "$app: deactivated $old"
  done <<<"$active"
done
