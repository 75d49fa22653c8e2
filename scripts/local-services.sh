# shellcheck shell=bash
# What ./run-local.sh and ./bench/run.sh share: starting the service jars as child processes configured only by
# environment variables (as Container Apps configures them), waiting for readiness, and reading the emulator's demo
# directory through its admin API. Sourced, never run.
#
# The caller sets ROOT (the repository root), LOG_DIR and EMULATOR_URL before using these functions.

# First, in plain POSIX sh that macOS's bash 3.2 (and dash) can parse and run: these scripts need bash 4.4 (associative
# arrays, mapfile, wait -n, empty arrays under set -u). Stop with a clear message before any of that is reached.
case ${BASH_VERSION:-} in
  '' | [1-3].* | 4.[0-3].*)
    printf '%s\n' "${0##*/}: bash 4.4 or newer is needed (this is ${BASH_VERSION:-not bash}). On macOS: brew install bash, then run it again." >&2
    exit 1
    ;;
esac

# The runnable jar of each service; the module is the path's first segment.
declare -A JARS=(
  [azure-emulator]=azure-emulator/target/azure-emulator.jar
  [backend]=backend-service/target/backend-service.jar
  [gateway]=gateway-service/target/gateway-service.jar
  [frontend]=frontend-service/target/frontend-service.jar
)

PIDS=()
NAMES=()
# Set by ./bench/run.sh --aot: the directory of each service's extracted, trained copy, and the JDK that trained it.
declare -A AOT_DIRS=()
AOT_JAVA=java

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

# reactor_dependencies MODULE : the modules of this repository that MODULE's pom.xml depends on outside the test scope
# (test-scoped ones, such as azure-emulator-junit, do not go into the jar). The first artifactId of a <dependency> is
# its own; later ones belong to its <exclusions>.
reactor_dependencies() {
  local artifact
  awk '/<dependency>/ { a = ""; s = "" }
       /<artifactId>/ && a == "" { a = $0; gsub(/.*<artifactId>|<\/artifactId>.*/, "", a) }
       /<scope>/ { s = $0; gsub(/.*<scope>|<\/scope>.*/, "", s) }
       /<\/dependency>/ { if (s != "test") print a }' "$ROOT/$1/pom.xml" |
    while read -r artifact; do
      if [ -f "$ROOT/$artifact/pom.xml" ]; then printf '%s\n' "$artifact"; fi
    done
}

# module_inputs MODULE : what MODULE's jar is built from, relative to ROOT: its pom.xml and src/, and those of every
# repository module its main code depends on, transitively. (The root pom is added by the caller.)
module_inputs() {
  local dependency
  printf '%s\n' "$1/pom.xml"
  if [ -d "$ROOT/$1/src" ]; then printf '%s\n' "$1/src"; fi
  for dependency in $(reactor_dependencies "$1"); do
    module_inputs "$dependency"
  done
}

# newer_input JAR MODULE : the first input of MODULE that is newer than JAR (nothing when JAR is up to date).
newer_input() {
  local inputs
  mapfile -t inputs < <(module_inputs "$2" | sort -u)
  (cd "$ROOT" && find pom.xml "${inputs[@]}" -newer "$1" -type f -print 2>/dev/null | head -n 1)
}

# build_progress LOG STARTED : copies Maven's output to LOG and shows one line per module as the reactor reaches it, so a long
# first build (the dependencies download) visibly moves.
build_progress() {
  local line downloading=false started=$2
  local pattern='^\[INFO\] Building ([A-Za-z0-9._-]+) [0-9][^ ]*( +\[([0-9]+/[0-9]+)\])?$'
  : >"$1"
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$1"
    if [[ $line =~ $pattern ]]; then
      say "  ${BASH_REMATCH[3]:+[${BASH_REMATCH[3]}] }${BASH_REMATCH[1]} ($((SECONDS - started)) s)"
    elif [ "$downloading" = false ] && [[ $line == *Download* ]]; then
      downloading=true
      say "  downloading dependencies ($((SECONDS - started)) s)"
    fi
  done
}

# build_if_stale : builds the service jars that are missing, or older than any of their sources (any file under the
# module's src/, its pom.xml, the root pom, or the same in a module it depends on, such as entra-token-rules), so a
# run never starts a stale jar. Tests are skipped here; ./mvnw verify runs them.
build_if_stale() {
  local name jar module changed stale=() first_build=false
  for name in azure-emulator backend gateway frontend; do
    jar=${JARS[$name]}
    module=${jar%%/*}
    if [ ! -f "$ROOT/$jar" ]; then
      first_build=true
      stale+=("$module")
      continue
    fi
    changed=$(newer_input "$jar" "$module")
    if [ -n "$changed" ]; then
      say "$module is older than $changed"
      stale+=("$module")
    fi
  done
  [ "${#stale[@]}" -gt 0 ] || return 0
  if [ "$first_build" = true ]; then
    say "Building… (first build downloads dependencies, ~2 min; tests skipped, ./mvnw verify runs them)"
  else
    say "Rebuilding ${stale[*]} (tests skipped, ./mvnw verify runs them)…"
  fi
  mkdir -p "$LOG_DIR"
  local started=$SECONDS modules
  modules=$(IFS=,; printf '%s' "${stale[*]}")
  if ! (cd "$ROOT" && ./mvnw -B -DskipTests -pl "$modules" -am package 2>&1 | build_progress "$LOG_DIR/build.log" "$started"); then
    tail -n 30 "$LOG_DIR/build.log" >&2 || true
    fail "the build failed; see $LOG_DIR/build.log"
  fi
  say "  built in $((SECONDS - started)) s"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# extracted JARNAME : the path of the jar's extracted copy (<module>/target/extracted: app.jar + lib/), made again when
# the jar is newer. The images run this layout too: a fat jar's nested-jar class loader made every class and resource
# lookup at start-up walk URLs into nested jars, which cost the gateway a third more CPU until ready (JFR: 55% of the
# main thread's samples in class loading, 46% in resource lookups).
extracted() {
  local jar=$1 source="$ROOT/${JARS[$1]}"
  local dir="${source%/*}/extracted"
  if [ ! -f "$dir/app.jar" ] || [ "$source" -nt "$dir/app.jar" ]; then
    rm -rf "$dir"
    java -Djarmode=tools -jar "$source" extract --destination "$dir" --application-filename app.jar >/dev/null \
      || fail "extracting ${JARS[$1]} failed"
  fi
  printf '%s\n' "$dir/app.jar"
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
  # A jar extracted and trained for an AOT cache (./bench/run.sh --aot) starts from that copy, with its cache and JDK.
  local java=java jar_path aot=()
  jar_path=$(extracted "$jar") || exit 1
  if [ -n "${AOT_DIRS[$jar]:-}" ]; then
    java=$AOT_JAVA jar_path=${AOT_DIRS[$jar]}/app.jar aot=(-XX:AOTCache="${AOT_DIRS[$jar]}/app.aot")
  fi
  # JAVA_OPTS is split into words on purpose, as java expects one option per argument.
  # shellcheck disable=SC2086
  env "$@" "${pinned[@]}" "$java" "${aot[@]}" ${JAVA_OPTS:-} -jar "$jar_path" >"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
}

# wait_ready NAME URL PID [TIMEOUT] : polls URL until it answers 2xx; fails with the log's tail if PID dies or time runs out.
wait_ready() {
  local name=$1 url=$2 pid=$3 deadline=$((SECONDS + ${4:-${START_TIMEOUT:-180}}))
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
  # The caller policy's store (App Configuration), for the gateway and the backend only: the emulator serves it on
  # its HTTPS listener, next to Key Vault, trusted through the same bundle.
  # shellcheck disable=SC2034 # used by the scripts that source this file
  POLICY_STORE=(
    AZURE_APPCONFIGURATION_ENDPOINT="$vault_url"
    AZURE_APPCONFIGURATION_SSL_BUNDLE=emulator
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
