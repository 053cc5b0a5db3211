#!/usr/bin/env bash
# Installs what the test suites need beyond npm, from Debian's packages, only when missing:
# - chromium: browser tests drive it through playwright-core (no browser is ever downloaded by npm);
# - nats-server: the queue broker round-trip test (packages/node/test/queue-nats.test.ts) starts its own.
set -euo pipefail

# Debian installs nats-server in /usr/sbin, which is not on every user's PATH (the tests look there too).
find_tool() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || true; }
describe() {
  case "$1" in
    chromium) "$(find_tool chromium)" --version 2>/dev/null | head -1 ;;
    nats-server) "$(find_tool nats-server)" --version 2>&1 | head -1 ;;
  esac
}

missing=()
for package in chromium nats-server; do
  if [ -n "$(find_tool "$package")" ]; then
    echo "install-test-deps: $package present ($(describe "$package"))"
  else
    missing+=("$package")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-test-deps: ${missing[*]} missing and this user cannot install packages." >&2
  echo "  Install as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "install-test-deps: installing Debian ${missing[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for package in "${missing[@]}"; do
  if [ -z "$(find_tool "$package")" ]; then
    echo "install-test-deps: $package still missing after apt-get install" >&2
    exit 1
  fi
  echo "install-test-deps: $(describe "$package")"
done
