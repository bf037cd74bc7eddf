#!/bin/sh
# Makes sure Debian's PostgreSQL 15 server binaries (initdb, pg_ctl, postgres) are installed for the
# PostgreSQL suites: vitest's global setup (tests/postgres/globalSetup.ts) starts a throwaway server
# from them. Idempotent: does nothing when the binaries are there. Needs root (CI runs as root);
# otherwise it says what to run and fails. The package also creates the `postgres` system user, which
# the global setup runs the server as when the tests run as root (PostgreSQL refuses to run as root).
set -eu

# 15's binaries, or (where the `postgresql` metapackage brings another version) any version's.
has_binaries() {
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ] && return 0
  done
  return 1
}

if has_binaries; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-postgres: PostgreSQL 15 binaries are missing; run as root: apt-get update && apt-get install -y --no-install-recommends postgresql-15" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# postgresql-15 on Debian 12; the `postgresql` metapackage where 15 is the distribution's version.
apt-get install -y --no-install-recommends postgresql-15 || apt-get install -y --no-install-recommends postgresql
has_binaries
