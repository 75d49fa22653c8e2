#!/bin/bash
# The deploy workflow's smoke test of a candidate chain, before any traffic moves to it (issue 12, "Smoke test").
#   1. GET <frontend>/api/greeting?name=Ada must answer 200, with a trace showing all three hops: the frontend got
#      its token, the gateway forwarded (200) and the backend allowed (200) a caller holding Backend.Read.
#   2. The gateway must refuse a call without a subscription key with APIM's 401. Its ingress is internal, so the
#      call is made from inside the environment, by the probe job of infra/modules/gateway-probe-job.bicep.
#
# Usage: smoke-test.sh --frontend-url URL --gateway-url URL --resource-group RG --probe-job JOB
#        smoke-test.sh --check-answer FILE     (check one saved answer of step 1; used by its test)
# Step 1 retries for up to SMOKE_ATTEMPTS x SMOKE_PAUSE_SECONDS (default 40 x 15 s): a new revision, a new app
# role assignment and new Key Vault role assignments can each take minutes to apply.
set -euo pipefail

# check_answer FILE: the answer of a good chain, as the frontend's summary trace shows it (no ids in it).
check_answer() {
  jq -e '
    ([.trace[] | select(.hop == "frontend" and .decision == "token acquired")] | length > 0)
    and ([.trace[] | select(.hop == "gateway" and .status == 200 and .decision == "forwarded")] | length > 0)
    and ([.trace[] | select(.hop == "backend" and .status == 200 and .decision == "allowed")] | length > 0)
    and (.answer.caller.roles | index("Backend.Read") != null)
  ' "$1" >/dev/null
}

frontend_url=""
gateway_url=""
resource_group=""
probe_job=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --check-answer)
      if check_answer "${2:?}"; then exit 0; else exit 1; fi
      ;;
    --frontend-url) frontend_url="${2:?}"; shift ;;
    --gateway-url) gateway_url="${2:?}"; shift ;;
    --resource-group) resource_group="${2:?}"; shift ;;
    --probe-job) probe_job="${2:?}"; shift ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$frontend_url" ] || [ -z "$gateway_url" ] || [ -z "$resource_group" ] || [ -z "$probe_job" ]; then
  echo "Usage: smoke-test.sh --frontend-url URL --gateway-url URL --resource-group RG --probe-job JOB" >&2
  exit 2
fi
attempts="${SMOKE_ATTEMPTS:-40}"
pause="${SMOKE_PAUSE_SECONDS:-15}"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

echo "== 1. GET $frontend_url/api/greeting?name=Ada: 200 through all three hops"
passed=false
for attempt in $(seq 1 "$attempts"); do
  if ! status="$(curl --silent --show-error --max-time 20 --output "$body" --write-out '%{http_code}' \
    "$frontend_url/api/greeting?name=Ada")"; then
    status=000
  fi
  if [ "$status" = "200" ] && check_answer "$body"; then
    passed=true
    break
  fi
  echo "Attempt $attempt: HTTP $status; retrying in $pause s"
  sleep "$pause"
done
if [ "$passed" != true ]; then
  echo "::error::GET $frontend_url/api/greeting answered $status without a trace through frontend, gateway and backend"
  cat "$body" || true
  echo "If the backend refused the token, check that the frontend identity holds Backend.Read (infra/README.md)."
  exit 1
fi
jq . "$body"

echo "== 2. The gateway ($gateway_url) without a subscription key: 401, asked from inside the environment"
az containerapp job update --name "$probe_job" --resource-group "$resource_group" \
  --set-env-vars "PROBE_URL=$gateway_url" --output none
execution="$(az containerapp job start --name "$probe_job" --resource-group "$resource_group" \
  --query name --output tsv)"
state=""
for _ in $(seq 1 40); do
  state="$(az containerapp job execution show --name "$probe_job" --resource-group "$resource_group" \
    --job-execution-name "$execution" --query properties.status --output tsv)"
  case "$state" in
    Succeeded | Failed | Stopped | Degraded) break ;;
  esac
  sleep 10
done
if [ "$state" != "Succeeded" ]; then
  echo "::error::the gateway probe ended '$state': the gateway did not answer 401 to a call without a key"
  echo "Its log is in Log Analytics (ContainerAppConsoleLogs, job $probe_job, execution $execution)."
  exit 1
fi
echo "Smoke test passed: 200 through frontend, gateway and backend; 401 from the gateway without a key."
