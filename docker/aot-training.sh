#!/bin/sh
# Trains the JDK's AOT cache (JEP 483/514) for a service image at build time: one run that refreshes the Spring context
# and exits (spring.context.exit=onRefresh) records the classes it loaded and linked into app.aot, which every
# start then maps instead of loading and linking them again (docker/entrypoint.sh). Measured in bench/README.md.
# The run gets the same JVM options as the container, production-shaped settings with placeholder values (ids of
# zeros, hosts under .invalid, so nothing can answer), and no secret: with the context exiting before any lifecycle
# bean starts, no server opens and no refresh runs. A cache that later fails the JVM's checks (another JDK build,
# other options) is ignored with a warning, never fatal: the service then starts as it would without one.
# The emulator, a local stand-in, gets none: its refresh would write keys and certificates into the image.
# Usage: aot-training.sh MODULE, with the extracted app.jar, lib/ and java-options in APP_DIR (default /app, the
# image's; ./bench/run.sh --aot trains its own copies the same way).
set -eu
module=${1:?usage: aot-training.sh MODULE}
app=${APP_DIR:-/app}
if [ "$module" = azure-emulator ]; then
  echo "aot-training: no AOT cache for the emulator"
  exit 0
fi
opts=$(grep -v '^#' "$app/java-options" | tr '\n' ' ')
placeholder=https://aot-training.invalid
log=$(mktemp)
# shellcheck disable=SC2086
if ! env -i PATH="$PATH" JAVA_HOME="${JAVA_HOME:-}" HOME=/tmp \
    AZURE_TENANT_ID=00000000-0000-0000-0000-000000000001 AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000002 \
    BACKEND_APP_ID=00000000-0000-0000-0000-000000000003 APIM_CLIENT_APPLICATION_IDS=00000000-0000-0000-0000-000000000002 \
    ALLOWED_TENANTS=00000000-0000-0000-0000-000000000001 ALLOWED_APPLICATIONS=00000000-0000-0000-0000-000000000002 \
    ALLOWED_PRINCIPALS=00000000-0000-0000-0000-000000000004 \
    AZURE_KEYVAULT_URL=$placeholder AZURE_APPCONFIGURATION_ENDPOINT=$placeholder ENTRA_AUTHORITY_HOST=$placeholder \
    BACKEND_URL=$placeholder GATEWAY_URL=$placeholder/backend \
    java $opts -XX:AOTCacheOutput="$app/app.aot" -Dspring.context.exit=onRefresh -jar "$app/app.jar" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "aot-training: the training run of $module failed" >&2
  exit 1
fi
test -s "$app/app.aot" || { echo "aot-training: no cache was written for $module" >&2; exit 1; }
# The cache must be one the JVM takes with the container's options and class path: AOTMode=on refuses to start
# otherwise, where a start (AOTMode=auto) would only warn and go on without it.
# shellcheck disable=SC2086
java -XX:AOTCache="$app/app.aot" -XX:AOTMode=on $opts -cp "$app/app.jar" -version >"$log" 2>&1 \
  || { cat "$log" >&2; echo "aot-training: the JVM does not take $module's AOT cache" >&2; exit 1; }
rm -f "$log" "$app/app.aot.config"
echo "aot-training: $module's AOT cache is $(du -m "$app/app.aot" | cut -f1) MB"
