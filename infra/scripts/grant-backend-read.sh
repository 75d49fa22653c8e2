#!/bin/bash
# Gives the frontend's managed identity the Backend.Read app role on the backend API: the one app role assignment of
# the deployment, made once by an administrator, so the pipeline can run without AppRoleAssignment.ReadWrite.All
# (issue 12, defect 3: that tenant-wide permission would let the pipeline grant any app role, itself included).
#
# Usage: grant-backend-read.sh --backend-app-id APP_ID --frontend-principal-id OBJECT_ID
#   Environment instead of flags: BACKEND_APP_ID, FRONTEND_IDENTITY_PRINCIPAL_ID (infra/main.bicep's outputs; the
#   deploy workflow prints this command with both filled in, and `azd env get-values` shows them).
#
# Who runs it: someone who may assign app roles on that API, e.g. an Application Administrator or Cloud Application
# Administrator, or an owner of the backend API's service principal, signed in with `az login`.
# What it checks first: both ids are GUIDs, the principal is a managed identity (never a person or an app
# registration, whatever id was pasted), and the API has a Backend.Read role. Idempotent: an existing assignment is
# left as it is. Graph may not know a newly created identity for a minute or two ("Not a valid reference update",
# msgraph-bicep-types #193): the assignment is then retried, up to GRANT_RETRIES times.
set -euo pipefail

app_id="${BACKEND_APP_ID:-}"
principal="${FRONTEND_IDENTITY_PRINCIPAL_ID:-}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --backend-app-id) app_id="${2:?}"; shift ;;
    --frontend-principal-id) principal="${2:?}"; shift ;;
    -h | --help)
      echo "Usage: grant-backend-read.sh --backend-app-id APP_ID --frontend-principal-id OBJECT_ID"
      exit 0
      ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
if ! [[ "$app_id" =~ $guid ]] || ! [[ "$principal" =~ $guid ]]; then
  echo "Both --backend-app-id and --frontend-principal-id must be GUIDs (got '$app_id' and '$principal')." >&2
  exit 2
fi
retries="${GRANT_RETRIES:-10}"
pause="${GRANT_RETRY_PAUSE_SECONDS:-30}"

principal_type="$(az ad sp show --id "$principal" --query servicePrincipalType --output tsv)"
if [ "$principal_type" != "ManagedIdentity" ]; then
  echo "$principal is a service principal of type '$principal_type', not a managed identity: refused." >&2
  echo "Give the frontend identity's principal id (FRONTEND_IDENTITY_PRINCIPAL_ID)." >&2
  exit 1
fi

resource_id="$(az ad sp show --id "$app_id" --query id --output tsv)"
role_id="$(az ad sp show --id "$app_id" --query "appRoles[?value=='Backend.Read'].id | [0]" --output tsv)"
if [ -z "$resource_id" ] || [ -z "$role_id" ]; then
  echo "The backend API ($app_id) has no service principal or no Backend.Read role: deploy infra/main.bicep first." >&2
  exit 1
fi

graph="$(az cloud show --query endpoints.microsoftGraphResourceId --output tsv)"
graph="${graph%/}/v1.0"
assigned_to="$graph/servicePrincipals/$resource_id/appRoleAssignedTo"

existing="$(az rest --method get --url "$assigned_to" \
  --query "length(value[?principalId=='$principal' && appRoleId=='$role_id'])" --output tsv)"
if [ "${existing:-0}" != "0" ]; then
  echo "The frontend identity already holds Backend.Read: nothing to do."
  exit 0
fi

body="{\"principalId\":\"$principal\",\"resourceId\":\"$resource_id\",\"appRoleId\":\"$role_id\"}"
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
for attempt in $(seq 1 "$retries"); do
  if az rest --method post --url "$assigned_to" --headers 'Content-Type=application/json' --body "$body" \
    --output none 2>"$err"; then
    echo "Granted Backend.Read to the frontend identity ($principal)."
    exit 0
  fi
  if ! grep -q 'Not a valid reference update' "$err" || [ "$attempt" -eq "$retries" ]; then
    cat "$err" >&2
    exit 1
  fi
  echo "Graph does not know the identity yet (attempt $attempt of $retries); retrying in $pause s."
  sleep "$pause"
done
