#!/bin/sh
# Trusts the PEM certificates (*.crt) in the given folder, for curl and OpenSSL (the system store) and for Java (the
# JDK's cacerts), so an image builds and runs behind a TLS-inspecting proxy. An empty folder changes nothing.
# Runs as root at image build time (Dockerfile); POSIX sh, as the base images may lack bash.
set -eu
dir=${1:?usage: trust-extra-ca-certificates.sh FOLDER}
found=0
for cert in "$dir"/*.crt; do
  [ -f "$cert" ] || continue
  found=1
  name=$(basename "$cert" .crt)
  cp "$cert" "/usr/local/share/ca-certificates/extra-$name.crt"
  # The JDK's own store: Debian's ca-certificates-java may add it through update-ca-certificates as well, so an
  # alias that exists already is replaced rather than refused.
  keytool -delete -cacerts -storepass changeit -alias "extra-$name" >/dev/null 2>&1 || true
  keytool -importcert -cacerts -storepass changeit -noprompt -alias "extra-$name" -file "$cert" >/dev/null
  echo "Trusting extra CA certificate $name"
done
if [ "$found" = 1 ]; then
  update-ca-certificates >/dev/null
fi
rm -rf "$dir"
