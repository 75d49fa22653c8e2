#!/bin/bash
# Container healthcheck: ready when GET /actuator/health/readiness on the given port answers 200. Plain bash, so the
# JRE image needs no curl.
set -eu
port=${1:?usage: healthcheck.sh PORT}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
head -n 1 <&3 | grep -q ' 200 '
