#!/usr/bin/env bash
# Starts the services the tests use, from Debian's packages, and prints the env to use them.
#   eval "$(bash scripts/services.sh)"
# With INSTALL=1 it installs missing packages first (CI does this). Without a service,
# the suites that need it skip outside CI; with CI=true they fail.
set -uo pipefail
log() { echo "services: $*" >&2; }

if [ "${INSTALL:-0}" = "1" ] && [ "$(id -u)" = "0" ]; then
  need=()
  command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  # The OCI registry tests start docker-registry on loopback themselves (temp config, free port);
  # skopeo cross-checks what mc pushed; openssl makes the test CA.
  command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
  command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") >&2 || log "apt-get failed"
  fi
fi

# PostgreSQL 15 (Debian cluster 15/main) with role and database mc.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$ver" ]; then
    pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true
    ready=0
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 2>/dev/null && { ready=1; break; }; sleep 0.5; done
    if [ "$ready" = 1 ] && [ "$(id -u)" = "0" ]; then
      su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='mc'\"" 2>/dev/null | grep -q 1 \
        || su postgres -c "psql -qc \"CREATE ROLE mc LOGIN PASSWORD 'mc' SUPERUSER\"" >&2
      su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='mc'\"" 2>/dev/null | grep -q 1 \
        || su postgres -c "createdb -O mc mc" >&2
    fi
    # The URL is printed only for a server that answers: otherwise the PostgreSQL suites skip
    # (outside CI) instead of failing on a connection error.
    if [ "$ready" = 1 ]; then
      echo "export MC_TEST_DATABASE_URL=postgres://mc:mc@127.0.0.1:5432/mc"
      log "postgresql $ver running"
    else
      log "postgresql $ver did not answer: PostgreSQL suites will skip"
    fi
  fi
else
  log "postgresql not installed: PostgreSQL suites will skip (INSTALL=1 installs it)"
fi
