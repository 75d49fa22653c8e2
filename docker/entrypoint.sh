#!/bin/sh
# Container entry point of every service image. In docker-compose, the emulator writes each identity's
# IDENTITY_HEADER into the shared data volume; a service reads its own from IDENTITY_HEADER_FILE, as Container Apps
# would inject it. In Azure, IDENTITY_HEADER comes from the platform and IDENTITY_HEADER_FILE is unset.
set -eu
if [ -n "${IDENTITY_HEADER_FILE:-}" ]; then
  waited=0
  while [ ! -r "$IDENTITY_HEADER_FILE" ]; do
    if [ "$waited" -ge 60 ]; then
      echo "entrypoint: $IDENTITY_HEADER_FILE is not readable after 60 s" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  IDENTITY_HEADER=$(cat "$IDENTITY_HEADER_FILE")
  export IDENTITY_HEADER
fi
# Without JAVA_OPTS, the JVM options every image carries (docker/java-options, sized for a 1 GiB container).
if [ -z "${JAVA_OPTS+set}" ] && [ -r /app/java-options ]; then
  JAVA_OPTS=$(grep -v '^#' /app/java-options | tr '\n' ' ')
fi
# The AOT cache trained when the image was built (docker/aot-training.sh; the emulator's image has none). A cache the
# JVM cannot use is skipped with a warning (AOTMode auto), so it never stops a start.
aot=""
if [ -r /app/app.aot ]; then
  aot="-XX:AOTCache=/app/app.aot"
fi
# JAVA_OPTS is split into words on purpose, as java expects one option per argument.
# shellcheck disable=SC2086
exec java $aot ${JAVA_OPTS:-} -jar /app/app.jar "$@"
