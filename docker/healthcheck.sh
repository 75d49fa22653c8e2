#!/bin/bash
# Container healthcheck: ready when GET PATH (default /readyz, the services' readiness probe on their own port) on the
# given port answers 200; the emulator passes its /actuator/health/readiness. Plain bash, so the JRE image needs no curl.
set -eu
port=${1:?usage: healthcheck.sh PORT [PATH]}
path=${2:-/readyz}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
head -n 1 <&3 | grep -q ' 200 '
