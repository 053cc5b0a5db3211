#!/usr/bin/env bash
# Installs what the test suites need beyond npm: Debian's Chromium (browser tests drive it through playwright-core;
# no browser is ever downloaded by npm).
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "install-test-deps: chromium present ($(chromium --version 2>/dev/null | head -1))"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-test-deps: chromium is missing and this user cannot install packages." >&2
  echo "  Install it as root: apt-get install -y --no-install-recommends chromium" >&2
  exit 1
fi
echo "install-test-deps: installing Debian chromium (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install-test-deps: $(chromium --version | head -1)"
