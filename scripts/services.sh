#!/usr/bin/env bash
# Make sure the local PostgreSQL and Redis answer (start them if they are installed but stopped), that
# the two database roles exist — imt_owner (runs the migrations, owns the tables) and imt_app (reads and
# writes rows; imt/db_roles.py) — and that the PostgreSQL database named by $1, if given, exists and
# belongs to imt_owner.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
redis-cli -h 127.0.0.1 -p 6379 ping

psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'imt_owner'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE imt_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE"
psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'imt_app'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE imt_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
if [ -n "${1:-}" ]; then
    psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 \
        || psql_admin -c "CREATE DATABASE $1 OWNER imt_owner"
    # The test database the owner will create (and drop) next to it: hand over a leftover of an earlier run.
    for name in "$1" "test_$1"; do
        if psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
            psql_admin -c "ALTER DATABASE $name OWNER TO imt_owner"
        fi
    done
fi
