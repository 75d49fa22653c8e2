# shellcheck shell=bash
# Sourced by the .ci checks that run Node tools: Node.js and npm from Debian when missing, and pinned npm packages
# installed into a git-ignored directory of the caller's. Idempotent: a second run installs nothing.

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# apt_packages PACKAGE... : installs Debian packages.
apt_packages() {
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# npm_tools DIR NAME@VERSION... : installs the packages into DIR unless each is there at its pinned version.
npm_tools() {
  local dir=$1 package name missing=false
  shift
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm"
    apt_packages nodejs npm
  fi
  for package in "$@"; do
    name="${package%@*}"
    if ! grep -qs "\"version\": \"${package##*@}\"" "$dir/node_modules/$name/package.json"; then missing=true; fi
  done
  if [ "$missing" = true ]; then
    echo "Installing $* into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$@"
  fi
}
