# shellcheck shell=bash
# What ./run-local.sh and ./bench/run.sh share: starting the service jars as child processes configured only by
# environment variables (as Container Apps configures them), waiting for readiness, and reading the emulator's demo
# directory through its admin API. Sourced, never run.
#
# The caller sets ROOT (the repository root), LOG_DIR and EMULATOR_URL before using these functions.

declare -A JARS=(
  [azure-emulator]=azure-emulator/target/azure-emulator.jar
  [backend]=backend-service/target/backend-service.jar
  [gateway]=gateway-service/target/gateway-service.jar
  [frontend]=frontend-service/target/frontend-service.jar
)

PIDS=()
NAMES=()

say() { printf '%s\n' "$*"; }
fail() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

stop_all() {
  local i
  for i in "${!PIDS[@]}"; do
    if kill -0 "${PIDS[$i]}" 2>/dev/null; then
      kill "${PIDS[$i]}" 2>/dev/null || true
    fi
  done
  for i in "${!PIDS[@]}"; do
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  if [ "${#PIDS[@]}" -gt 0 ]; then
    say "Stopped: ${NAMES[*]}"
  fi
  PIDS=()
  NAMES=()
}

require_java() {
  command -v java >/dev/null 2>&1 || fail "Java 17 or newer is required (java not found)"
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${version%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is required (found ${version:-unknown})"
  command -v curl >/dev/null 2>&1 || fail "curl is required"
}

build_if_missing() {
  local missing=false name
  for name in "${!JARS[@]}"; do
    [ -f "$ROOT/${JARS[$name]}" ] || missing=true
  done
  if [ "$missing" = true ]; then
    say "Building the services (./mvnw package, tests skipped; ./mvnw verify runs them)..."
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl azure-emulator,backend-service,gateway-service,frontend-service -am package) \
      || fail "the build failed"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start LOGNAME JARNAME VAR=VALUE... : starts the jar of JARNAME with those environment variables, logging to
# $LOG_DIR/LOGNAME.log; its pid is then ${PIDS[-1]}. The emulator always binds 127.0.0.1 here, whatever the caller's
# environment says: it hands out every identity's tokens and every secret, so it must never face a network.
start() {
  local name=$1 jar=$2 pinned=()
  shift 2
  if [ "$jar" = azure-emulator ]; then
    pinned=(EMULATOR_BIND_ADDRESS=127.0.0.1)
  fi
  # JAVA_OPTS is split into words on purpose, as java expects one option per argument.
  # shellcheck disable=SC2086
  env "$@" "${pinned[@]}" java ${JAVA_OPTS:-} -jar "$ROOT/${JARS[$jar]}" >"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
}

# wait_ready NAME URL PID [TIMEOUT] : polls URL until it answers 2xx; fails with the log's tail if PID dies or time runs out.
wait_ready() {
  local name=$1 url=$2 pid=$3 deadline=$((SECONDS + ${4:-${START_TIMEOUT:-90}}))
  while ! curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 15 "$LOG_DIR/$name.log" >&2 || true
      fail "$name exited during start-up; see $LOG_DIR/$name.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 15 "$LOG_DIR/$name.log" >&2 || true
      fail "$name was not ready in time; see $LOG_DIR/$name.log"
    fi
    sleep 0.1
  done
}

# json_value KEY < JSON : the string value of a top-level key of a flat JSON object (ids, URLs and tokens only).
json_value() {
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

identity_env() {
  curl -fsS "$EMULATOR_URL/_emulator/identities/$1/environment"
}

object_id() {
  curl -fsS "$EMULATOR_URL/_emulator/identities" | grep -o "\"name\":\"$1\",\"clientId\":\"[^\"]*\",\"objectId\":\"[^\"]*\"" \
    | sed 's/.*"objectId":"\([^"]*\)"/\1/'
}

# The managed identity of one service: its own IDENTITY_HEADER and AZURE_CLIENT_ID, as Container Apps sets them.
identity_vars() {
  local env
  env=$(identity_env "$1")
  printf '%s\n' "IDENTITY_HEADER=$(json_value IDENTITY_HEADER <<<"$env")" "AZURE_CLIENT_ID=$(json_value AZURE_CLIENT_ID <<<"$env")"
}

# read_directory DATA_DIR VAULT_URL : reads the demo directory from the emulator and sets TENANT_ID, BACKEND_APP_ID,
# FRONTEND_CLIENT_ID, FRONTEND_OBJECT_ID and COMMON, the environment every service shares: the `local` profile (the
# only place emulator defaults live), the emulator as Entra ID and Key Vault, whose certificate is trusted explicitly.
read_directory() {
  local data_dir=$1 vault_url=$2
  TENANT_ID=$(identity_env frontend | json_value AZURE_TENANT_ID)
  BACKEND_APP_ID=$(curl -fsS "$EMULATOR_URL/_emulator/applications" | grep -o '"name":"backend-api","appId":"[^"]*"' \
    | sed 's/.*"appId":"\([^"]*\)"/\1/')
  FRONTEND_CLIENT_ID=$(identity_env frontend | json_value AZURE_CLIENT_ID)
  FRONTEND_OBJECT_ID=$(object_id frontend)
  if [ -z "$TENANT_ID" ] || [ -z "$BACKEND_APP_ID" ] || [ -z "$FRONTEND_CLIENT_ID" ] || [ -z "$FRONTEND_OBJECT_ID" ]; then
    fail "could not read the demo directory from the emulator's admin API"
  fi
  # shellcheck disable=SC2034 # used by the scripts that source this file
  COMMON=(
    SPRING_PROFILES_ACTIVE=local
    # Local runs serve this machine only: no service listens on another interface.
    SERVER_ADDRESS=127.0.0.1
    AZURE_TENANT_ID="$TENANT_ID"
    ENTRA_AUTHORITY_HOST="$EMULATOR_URL"
    ENTRA_V1_ISSUER_BASE="$EMULATOR_URL"
    AZURE_KEYVAULT_URL="$vault_url"
    AZURE_KEYVAULT_SSL_BUNDLE=emulator
    SPRING_SSL_BUNDLE_PEM_EMULATOR_TRUSTSTORE_CERTIFICATE="file:$data_dir/tls/emulator-cert.pem"
    AZURE_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION=true
    BACKEND_APP_ID="$BACKEND_APP_ID"
    IDENTITY_ENDPOINT="$EMULATOR_URL/msi/token"
  )
}

# identity_token NAME RESOURCE : a real access token of the emulator's identity NAME for RESOURCE, from its identity
# endpoint. Callers keep it in a variable; it is never printed.
identity_token() {
  local header
  header=$(identity_env "$1" | json_value IDENTITY_HEADER)
  curl -fsS -H "X-IDENTITY-HEADER: $header" \
    "$EMULATOR_URL/msi/token?api-version=2019-08-01&resource=$2" | json_value access_token
}

# vault_secret DATA_DIR VAULT_URL NAME : the value of a Key Vault secret, read as the emulator's operator identity.
vault_secret() {
  local token
  token=$(identity_token operator https://vault.azure.net)
  curl -fsS --cacert "$1/tls/emulator-cert.pem" -H "Authorization: Bearer $token" \
    "$2/secrets/$3/?api-version=7.6" | json_value value
}
