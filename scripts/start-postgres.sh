#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 for CI and prints a TEST_DATABASE_URL for the API suite (CONVENTIONS gotcha 7).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then echo "PostgreSQL is not installed" >&2; exit 1; fi
# Its "Cluster is already running." goes to stdout, which is where the URL is printed: keep it out.
pg_ctlcluster 15 main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='cc'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role cc login superuser password 'cc'\"" >/dev/null
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='cc_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'create database cc_test owner cc'" >/dev/null
echo "postgres://cc:cc@127.0.0.1:5432/cc_test"
