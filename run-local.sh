#!/usr/bin/env bash
# Runs the whole chain on this machine, with no Docker and no Azure subscription:
#   azure-emulator (Entra ID, managed identity, Key Vault) -> backend, gateway, frontend
# Each service gets its configuration the way Container Apps gives it: environment variables
# (IDENTITY_ENDPOINT, IDENTITY_HEADER, AZURE_CLIENT_ID, the vault URL, the authority host, tenant and app ids).
#
#   ./run-local.sh                  start everything, print the curl commands, stop everything on Ctrl-C
#   ./run-local.sh --check          start everything, make the demo calls, print each result, stop, exit non-zero on a mismatch
#   ./run-local.sh --emulator-only  start only the emulator and write the env files, to run the services from an IDE
#
# It first rebuilds every jar that is older than its sources. It writes each service's environment to
# .local/env/<service>.env. Ports: EMULATOR_HTTP_PORT (8090), EMULATOR_HTTPS_PORT (8443), BACKEND_PORT (8082),
# GATEWAY_PORT (8081), FRONTEND_PORT (8080); each service's actuator (metrics, health) on its management port:
# BACKEND_MANAGEMENT_PORT (9082), GATEWAY_MANAGEMENT_PORT (9081), FRONTEND_MANAGEMENT_PORT (9080). Logs:
# .local/logs/<service>.log. Emulator state: .local/emulator-data (EMULATOR_DATA_DIR). The emulator listens on
# 127.0.0.1 only (its default, and pinned here): it must never face a network.
cd "$(dirname "$0")" || exit 1
ROOT=$(pwd)
# Sourced first: it stops with a clear message on a bash older than 4.4 (macOS ships 3.2) before any newer syntax runs.
# shellcheck source=scripts/local-services.sh
. "$ROOT/scripts/local-services.sh"
set -euo pipefail

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

MODE=all
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  --emulator-only) MODE=emulator-only ;;
  -h | --help) usage; exit 0 ;;
  *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
esac

EMULATOR_HTTP_PORT=${EMULATOR_HTTP_PORT:-8090}
EMULATOR_HTTPS_PORT=${EMULATOR_HTTPS_PORT:-8443}
BACKEND_PORT=${BACKEND_PORT:-8082}
GATEWAY_PORT=${GATEWAY_PORT:-8081}
FRONTEND_PORT=${FRONTEND_PORT:-8080}
BACKEND_MANAGEMENT_PORT=${BACKEND_MANAGEMENT_PORT:-9082}
GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-9081}
FRONTEND_MANAGEMENT_PORT=${FRONTEND_MANAGEMENT_PORT:-9080}
START_TIMEOUT=${START_TIMEOUT:-180}
LOG_DIR="$ROOT/.local/logs"
ENV_DIR="$ROOT/.local/env"
DATA_DIR=${EMULATOR_DATA_DIR:-$ROOT/.local/emulator-data}

EMULATOR_URL="http://localhost:$EMULATOR_HTTP_PORT"
VAULT_URL="https://localhost:$EMULATOR_HTTPS_PORT"
FRONTEND_URL="http://localhost:$FRONTEND_PORT"
GATEWAY_URL="http://localhost:$GATEWAY_PORT"
BACKEND_URL="http://localhost:$BACKEND_PORT"

trap stop_all EXIT
trap 'exit 130' INT TERM

check_ports() {
  local entry name port entries=("azure-emulator:$EMULATOR_HTTP_PORT" "azure-emulator (Key Vault):$EMULATOR_HTTPS_PORT")
  if [ "$MODE" != emulator-only ]; then
    entries+=("backend:$BACKEND_PORT" "gateway:$GATEWAY_PORT" "frontend:$FRONTEND_PORT"
      "backend (management):$BACKEND_MANAGEMENT_PORT" "gateway (management):$GATEWAY_MANAGEMENT_PORT"
      "frontend (management):$FRONTEND_MANAGEMENT_PORT")
  fi
  for entry in "${entries[@]}"; do
    name=${entry%:*}
    port=${entry##*:}
    if port_in_use "$port"; then
      fail "port $port ($name) is already in use; stop what holds it or set another port (see ./run-local.sh --help)"
    fi
  done
}

# env_value VALUE : VALUE as it goes into an env file: bare when it is plain, else single-quoted, so that the file works
# both with `set -a; . file` and as an IDE's env file.
env_value() {
  local quote="'" escaped="'\\''"
  if [[ $1 =~ ^[A-Za-z0-9_./:@,+=-]*$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//$quote/$escaped}"
  fi
}

# write_env_file SERVICE VAR=VALUE... : the environment this script starts SERVICE with, in .local/env/SERVICE.env, so
# that a developer can run that service from an IDE or with java -jar against the running emulator. Created under umask
# 077: it is never readable by anyone but its owner, not even for a moment.
write_env_file() {
  local service=$1 file="$ENV_DIR/$1.env" pair
  shift
  (umask 077 && mkdir -p "$ENV_DIR")
  rm -f "$file"
  (
    umask 077
    {
      printf '%s\n' "# The environment ./run-local.sh gives $service; rewritten on each run, valid while that emulator runs." \
        "# IDENTITY_HEADER is a secret of the local emulator (it guards its managed-identity endpoint, as Container Apps'" \
        "# header does): this file is mode 600, under the git-ignored .local/, and must stay on this machine." \
        "# Use: set -a; . .local/env/$service.env; set +a   (or as an IDE run configuration's env file)"
      for pair in "$@"; do
        printf '%s=%s\n' "${pair%%=*}" "$(env_value "${pair#*=}")"
      done
    } >"$file"
  )
  chmod 600 "$file"
}

require_java
build_if_stale
check_ports
mkdir -p "$LOG_DIR" "$DATA_DIR"

say "Starting azure-emulator on $EMULATOR_URL (Key Vault $VAULT_URL)"
start azure-emulator azure-emulator EMULATOR_HTTP_PORT="$EMULATOR_HTTP_PORT" EMULATOR_HTTPS_PORT="$EMULATOR_HTTPS_PORT" \
  EMULATOR_DATA_DIR="$DATA_DIR"
wait_ready azure-emulator "$EMULATOR_URL/actuator/health/readiness" "${PIDS[0]}"
say "  ready: azure-emulator"

read_directory "$DATA_DIR" "$VAULT_URL"

mapfile -t BACKEND_IDENTITY < <(identity_vars backend)
mapfile -t GATEWAY_IDENTITY < <(identity_vars gateway)
mapfile -t FRONTEND_IDENTITY < <(identity_vars frontend)

BACKEND_ENV=("${COMMON[@]}" "${POLICY_STORE[@]}" "${BACKEND_IDENTITY[@]}" SERVER_PORT="$BACKEND_PORT" ALLOWED_TENANTS="$TENANT_ID"
  ALLOWED_APPLICATIONS="$FRONTEND_CLIENT_ID" ALLOWED_PRINCIPALS="$FRONTEND_OBJECT_ID" MANAGEMENT_SERVER_PORT="$BACKEND_MANAGEMENT_PORT")
GATEWAY_ENV=("${COMMON[@]}" "${POLICY_STORE[@]}" "${GATEWAY_IDENTITY[@]}" SERVER_PORT="$GATEWAY_PORT" BACKEND_URL="$BACKEND_URL"
  APIM_CLIENT_APPLICATION_IDS="$FRONTEND_CLIENT_ID" MANAGEMENT_SERVER_PORT="$GATEWAY_MANAGEMENT_PORT")
FRONTEND_ENV=("${COMMON[@]}" "${FRONTEND_IDENTITY[@]}" SERVER_PORT="$FRONTEND_PORT" GATEWAY_URL="$GATEWAY_URL/backend"
  MANAGEMENT_SERVER_PORT="$FRONTEND_MANAGEMENT_PORT")
write_env_file backend "${BACKEND_ENV[@]}"
write_env_file gateway "${GATEWAY_ENV[@]}"
write_env_file frontend "${FRONTEND_ENV[@]}"
say "  wrote .local/env/backend.env, gateway.env, frontend.env"

if [ "$MODE" = emulator-only ]; then
  cat <<EOF

The emulator is up. Run a service against it from this directory with its env file, e.g. the backend:

  (set -a; . .local/env/backend.env; set +a; java -jar backend-service/target/backend-service.jar)

or from an IDE: run the service's main class with .local/env/<service>.env as the run configuration's env file
(IntelliJ IDEA: Run configuration > Modify options > Environment variables > .env file; VS Code: "envFile" in launch.json).
Start them in this order: backend ($BACKEND_URL), gateway ($GATEWAY_URL), frontend ($FRONTEND_URL).
Press Ctrl-C to stop the emulator.
EOF
  set +e
  wait "${PIDS[0]}"
  say "azure-emulator stopped unexpectedly; see $LOG_DIR/azure-emulator.log" >&2
  exit 1
fi

say "Starting backend ($BACKEND_URL), gateway ($GATEWAY_URL) and frontend ($FRONTEND_URL)"
start backend backend "${BACKEND_ENV[@]}"
start gateway gateway "${GATEWAY_ENV[@]}"
start frontend frontend "${FRONTEND_ENV[@]}"
# The probes' paths on each service's own port, as Container Apps and compose check them; the actuator is on the management port.
wait_ready backend "$BACKEND_URL/readyz" "${PIDS[1]}"
say "  ready: backend"
wait_ready gateway "$GATEWAY_URL/readyz" "${PIDS[2]}"
say "  ready: gateway"
wait_ready frontend "$FRONTEND_URL/readyz" "${PIDS[3]}"
say "  ready: frontend"

if [ "$MODE" = all ]; then
  cat <<EOF

Everything is up. Logs are in $LOG_DIR. Try:

  curl -s '$FRONTEND_URL/api/greeting?name=Ada'                       # 200, with the caller the backend saw
  curl -s -X POST '$FRONTEND_URL/api/greeting' -H 'Content-Type: application/json' -d '{"name":"Ada"}'   # 403 at the gateway
  curl -s '$GATEWAY_URL/backend/api/greeting?name=Ada'                 # 401: no subscription key
  curl -s '$EMULATOR_URL/_emulator/counters'                           # how often each dependency was called

Metrics (Prometheus format, on each service's management port, never on its API port):

  curl -s localhost:$GATEWAY_MANAGEMENT_PORT/actuator/prometheus | grep apim_       # the gateway's decisions by policy and reason, the chain's timer
  curl -s localhost:$BACKEND_MANAGEMENT_PORT/actuator/prometheus | grep backend_    # the backend's decisions by check and reason
  curl -s localhost:$FRONTEND_MANAGEMENT_PORT/actuator/prometheus | grep frontend_  # gateway calls by outcome, credential cache hits
  curl -s localhost:$GATEWAY_MANAGEMENT_PORT/actuator/prometheus | grep -E '^(azure|entra|caller)_'   # Azure calls, cache ages

Rehearse an outage:  curl -s '$EMULATOR_URL/_emulator/faults' -H 'Content-Type: application/json' -d '{"target":"key-vault","seconds":60}'
Press Ctrl-C to stop everything this script started.
EOF
  # Wait until Ctrl-C, or until one of the processes dies: then say which, and stop the rest.
  set +e
  wait -n "${PIDS[@]}"
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      say "${NAMES[$i]} stopped unexpectedly; see $LOG_DIR/${NAMES[$i]}.log" >&2
    fi
  done
  exit 1
fi

# --check: the demo calls, each with the status it must get.
FAILURES=0
expect() {
  local description=$1 expected=$2 actual=$3 detail=${4:-}
  if [ "$actual" = "$expected" ]; then
    say "  PASS  $description: $actual${detail:+ ($detail)}"
  else
    say "  FAIL  $description: expected $expected, got $actual${detail:+ ($detail)}"
    FAILURES=$((FAILURES + 1))
  fi
}

# Prints the status; the body goes to the file given, so nothing secret ever reaches the terminal.
status_of() {
  local body_file=$1
  shift
  curl -s -o "$body_file" -w '%{http_code}' --max-time 20 "$@"
}

BODY="$LOG_DIR/check-body.json"
say ""
say "Demo calls:"

status=$(status_of "$BODY" "$FRONTEND_URL/api/greeting?name=Ada")
caller="caller is not the frontend identity"
grep -q "\"appId\":\"$FRONTEND_CLIENT_ID\"" "$BODY" && caller="backend saw appId $FRONTEND_CLIENT_ID"
[ "$status" = 200 ] && ! grep -q "\"appId\":\"$FRONTEND_CLIENT_ID\"" "$BODY" && status="200 without the caller identity"
expect "GET through the frontend" 200 "$status" "$caller"

status=$(status_of "$BODY" -X POST "$FRONTEND_URL/api/greeting" -H 'Content-Type: application/json' -d '{"name":"Ada"}')
expect "POST through the frontend (needs Backend.Write)" 403 "$status"

status=$(status_of "$BODY" "$GATEWAY_URL/backend/api/greeting?name=Ada")
expect "Call to the gateway with no subscription key" 401 "$status"

# The intruder: a real token from the emulator's identity endpoint, and a real subscription key that the operator
# identity reads from Key Vault. Neither is printed; they live in these variables only.
intruder_token=$(identity_token intruder "api://$BACKEND_APP_ID")
subscription_key=$(vault_secret "$DATA_DIR" "$VAULT_URL" apim-subscription-key-primary)
status=$(status_of "$BODY" -H "Authorization: Bearer $intruder_token" -H "Ocp-Apim-Subscription-Key: $subscription_key" \
  "$GATEWAY_URL/backend/api/greeting?name=Ada")
expect "Call as the emulator's intruder identity" 403 "$status"
unset intruder_token subscription_key

# The metrics: on the management port, with the refusal above counted under its reason; never on the API ports.
metrics=$(curl -s --max-time 20 "http://localhost:$GATEWAY_MANAGEMENT_PORT/actuator/prometheus" |
  grep -c '^apim_policy_decisions_total{outcome="denied",policy="subscription-key",reason="missing_key"} [1-9]' || true)
expect "Gateway metrics count the missing subscription key" 1 "$metrics" "localhost:$GATEWAY_MANAGEMENT_PORT/actuator/prometheus"
for url in "$GATEWAY_URL" "$BACKEND_URL" "$FRONTEND_URL"; do
  # 404, or the backend's 401: its API port lets nothing through without a token.
  status=$(status_of "$BODY" "$url/actuator/prometheus")
  case "$status" in 404 | 401) result=unreachable ;; *) result=reachable ;; esac
  expect "No metrics on the API port $url" unreachable "$result" "HTTP $status"
done
rm -f "$BODY"

say ""
if [ "$FAILURES" -gt 0 ]; then
  say "$FAILURES demo call(s) did not get the expected status; logs are in $LOG_DIR"
  exit 1
fi
say "All demo calls got the expected status."
