#!/bin/sh
# Makes sure Debian's chromium (and CJK fonts, so Chinese labels render) is installed for the
# real-browser tests (tests/browser). Idempotent: does nothing when /usr/bin/chromium exists.
# Needs root (CI runs as root); otherwise it says what to run and fails.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-noto-cjk
test -x /usr/bin/chromium
