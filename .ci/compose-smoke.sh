#!/usr/bin/env bash
# `docker-compose up` for real: starts a private Docker engine, builds the four images from the one Dockerfile,
# brings the compose demo up, makes the README's three demo calls (200, 403, 401) and tears everything down.
# For a machine with no Docker engine running and no image registry reachable (CI here):
#  - dockerd from Debian's docker.io, with vfs storage and no iptables, its own socket, data and exec roots;
#  - the base images (eclipse-temurin:25-jdk/-jre) replaced by a local stand-in: Debian bookworm (debootstrap) with
#    this machine's Temurin 25 where Temurin's images keep it (/opt/java/openjdk), made with `docker import` and kept
#    in .ci/.tools so a second run skips it;
#  - the images built with BuildKit on the host network (container networking has no NAT here);
#  - the host's extra CA certificates (a TLS-inspecting proxy's) handed to the build through
#    docker/extra-ca-certificates/, as a user behind such a proxy does (README, "With Docker").
# Needs root (dockerd), debootstrap, docker.io and docker-compose; .ci/run installs them.
# Usage: .ci/compose-smoke.sh [--keep]   (--keep leaves the engine and the stack up, and prints how to reach them)
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[ "${1:-}" = "--keep" ] && keep=true

for command in dockerd debootstrap docker-compose curl; do
  command -v "$command" >/dev/null 2>&1 || { echo "compose-smoke: $command is missing (apt-get install docker.io debootstrap docker-compose curl)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "compose-smoke: dockerd needs root" >&2; exit 1; }
# Debian's docker.io client: it builds with BuildKit by itself, where a newer client wants the buildx plugin.
docker_client=/usr/bin/docker
[ -x "$docker_client" ] || docker_client=$(command -v docker)

port=${COMPOSE_SMOKE_PORT:-8080}
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
  echo "compose-smoke: 127.0.0.1:$port is taken; the compose demo publishes the frontend there" >&2
  exit 1
fi

# Short paths: containerd's sockets live under the exec root, and a unix socket path must stay under 108 bytes.
work=$(mktemp -d /tmp/cs.XXXXXX)
bin="$work/bin"
mkdir -p "$bin"
ln -s "$docker_client" "$bin/docker"
export PATH="$bin:$PATH" DOCKER_HOST="unix://$work/docker.sock" DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
project=apimsmoke
compose=(docker-compose -p "$project" -f docker-compose.yml)
added_certs=()

teardown() {
  local status=$?
  if [ "$keep" = true ] && [ "$status" -eq 0 ]; then
    echo "Kept: DOCKER_HOST=$DOCKER_HOST PATH=$bin:\$PATH ${compose[*]} ps; stop with: kill \$(cat $work/dockerd.pid)"
    return
  fi
  if [ "$status" -ne 0 ] && [ -S "$work/docker.sock" ]; then
    echo "== compose logs (last 40 lines per service)"
    "${compose[@]}" logs --no-color --tail 40 2>/dev/null || true
  fi
  if [ -S "$work/docker.sock" ]; then
    "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  local pid
  pid=$(cat "$work/dockerd.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
  fi
  [ ${#added_certs[@]} -eq 0 ] || rm -f "${added_certs[@]}"
  # vfs keeps a full copy per layer: the data root is large, and unmounts must be done before it is removed.
  grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap teardown EXIT

echo "== Private Docker engine ($work)"
dockerd --storage-driver vfs --iptables=false --ip6tables=false \
  --host "$DOCKER_HOST" --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
  >"$work/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
docker info >/dev/null 2>&1 || { echo "compose-smoke: dockerd did not start" >&2; tail -20 "$work/dockerd.log" >&2; exit 1; }

echo "== Base image stand-in (eclipse-temurin:25-jdk and -jre)"
jdk=${COMPOSE_SMOKE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$jdk/bin/java" ] || { echo "compose-smoke: no JDK 25 at $jdk (set COMPOSE_SMOKE_JDK)" >&2; exit 1; }
base_tar=.ci/.tools/base-image/bookworm-temurin25.tar
if [ ! -s "$base_tar" ]; then
  mkdir -p "$(dirname "$base_tar")"
  rootfs="$work/rootfs"
  start=$SECONDS
  debootstrap --variant=minbase --include=ca-certificates,curl,passwd \
    bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Temurin's images are smaller; only what the Dockerfile uses must be there: java, keytool, sh, useradd.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # -L: the host JDK's cacerts may be a link into the host's /etc (Debian's packaging); Temurin's images hold a file.
  mkdir -p "$rootfs/opt/java" && cp -rL "$jdk" "$rootfs/opt/java/openjdk"
  tar -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  rm -rf "$rootfs"
  echo "made in $((SECONDS - start)) s"
fi
docker import --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$base_tar" eclipse-temurin:25-jdk >/dev/null
docker tag eclipse-temurin:25-jdk eclipse-temurin:25-jre

echo "== Images (one Dockerfile, BuildKit, host network)"
for cert in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$cert" ] || continue
  target="docker/extra-ca-certificates/compose-smoke-$(basename "$cert")"
  cp "$cert" "$target"
  added_certs+=("$target")
done
start=$SECONDS
while read -r module service_port; do
  docker build --network host --build-arg MODULE="$module" --build-arg PORT="$service_port" \
    --tag "apim-oauth-spring/$module:local" --progress plain . >"$work/build-$module.log" 2>&1 \
    || { echo "compose-smoke: building $module failed" >&2; tail -40 "$work/build-$module.log" >&2; exit 1; }
  echo "$module built ($((SECONDS - start)) s so far)"
done <<'MODULES'
azure-emulator 8090
backend-service 8082
gateway-service 8081
frontend-service 8080
MODULES

echo "== docker-compose up"
"${compose[@]}" up -d --no-build
ready=false
for _ in $(seq 1 180); do
  if curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port/readyz" | grep -q 200; then
    ready=true
    break
  fi
  sleep 1
done
[ "$ready" = true ] || { echo "compose-smoke: the frontend was not ready within 180 s" >&2; "${compose[@]}" ps >&2; exit 1; }

echo "== The README's three demo calls"
failures=0
expect() {
  local want=$1 got=$2 what=$3
  if [ "$got" = "$want" ]; then
    echo "ok   $want $what"
  else
    echo "FAIL $what: expected $want, got $got" >&2
    failures=$((failures + 1))
  fi
}
expect 200 "$(curl -s -o "$work/greeting.json" -w '%{http_code}' "http://127.0.0.1:$port/api/greeting?name=Ada")" \
  "GET /api/greeting through frontend, gateway and backend"
# The backend's answer names the caller it saw: the frontend's client id, as compose configures it. awk reads to the
# end: an early exit would SIGPIPE docker-compose, which pipefail turns into a failed smoke.
frontend_client_id=$("${compose[@]}" config | awk '/^  frontend:/{f=1} f && !done && /AZURE_CLIENT_ID:/{print $2; done=1}')
grep -q "\"appId\":\"$frontend_client_id\"" "$work/greeting.json" \
  || { echo "FAIL the 200 answer does not name the frontend ($frontend_client_id) as the caller: $(head -c 300 "$work/greeting.json")" >&2; failures=$((failures + 1)); }
expect 403 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/greeting" \
  -H 'Content-Type: application/json' -d '{"name":"Ada"}')" "POST /api/greeting (the gateway wants Backend.Write)"
# The gateway is not published, as in Azure: the call without a key is made from inside the compose network,
# with bash's /dev/tcp as the JRE image has no curl of its own.
gateway_status=$("${compose[@]}" exec -T frontend bash -c \
  'exec 3<>/dev/tcp/gateway/8081; printf "GET /backend/api/greeting?name=Ada HTTP/1.0\r\nHost: gateway\r\n\r\n" >&3; head -n 1 <&3' \
  | awk '{print $2}')
expect 401 "$gateway_status" "GET gateway /backend/api/greeting without a subscription key"
# Start-up from the AOT cache trained into each image (docker/aot-training.sh checks the JVM takes it), for the record.
"${compose[@]}" logs --no-color 2>&1 | grep -oE '[a-z0-9_-]+ +\| .*Started [A-Za-z]+ in [0-9.]+ seconds \(process running for [0-9.]+\)' \
  | sed -E 's/^([a-z0-9_-]+) .*(Started .*)$/start-up: \1 \2/' || true
[ "$failures" -eq 0 ] || exit 1
echo "compose smoke: passed"
