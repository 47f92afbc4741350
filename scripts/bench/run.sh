#!/usr/bin/env bash
# `make bench`: load the large data set into PostgreSQL (once; BENCH_RELOAD=1 loads it again), serve the
# app in production configuration under gunicorn with the Redis cache, drive locust at 20 users, EXPLAIN
# each page's queries, and write the table to bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

APPRENTICES=${BENCH_APPRENTICES:-10000}
DB_NAME=${BENCH_DB_NAME:-imt_bench}
PORT=${BENCH_PORT:-8001}
WORKERS=${BENCH_WORKERS:-4}
USERS=${BENCH_USERS:-20}
DURATION=${BENCH_DURATION:-60}
OUT=bench/results.md
PY=.venv/bin/python

step() { printf '\n=== %s\n' "$*"; }

export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB_NAME
export REDIS_URL=redis://127.0.0.1:6379/${BENCH_REDIS_DB:-10}
unset DJANGO_ENV

step "PostgreSQL and Redis"
bash scripts/services.sh
mkdir -p bench

loaded() {
    psql -h 127.0.0.1 -U postgres -d "$DB_NAME" -tAc \
        "SELECT count(*) FROM imt_user WHERE email LIKE 'load-apprentice-%'" 2>/dev/null || echo 0
}
if [ "${BENCH_RELOAD:-0}" = 1 ] || [ "$(loaded)" -lt "$APPRENTICES" ]; then
    step "The large data set: $APPRENTICES apprentices (a few minutes)"
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"
    $PY manage.py migrate --verbosity 0
    $PY manage.py seed_demo --apprentices "$APPRENTICES" --verbosity 1 | grep -v "^  [0-9]* / " || true
else
    step "The large data set is already loaded ($(loaded) load-test apprentices; BENCH_RELOAD=1 loads it again)"
    $PY manage.py migrate --verbosity 0
fi
psql -h 127.0.0.1 -U postgres -d "$DB_NAME" -qc "VACUUM ANALYZE"
psql -h 127.0.0.1 -U postgres -d "$DB_NAME" -tAc "SELECT 'hour entries: ' || count(*) FROM apprentices_ojtentry
    UNION ALL SELECT 'sign-offs: ' || count(*) FROM apprentices_skillsignoff
    UNION ALL SELECT 'employers: ' || count(*) FROM programs_employer"

step "The plan: who signs in, which pages"
$PY manage.py bench_plan --output bench/plan.json

step "gunicorn in production configuration on 127.0.0.1:$PORT ($WORKERS workers)"
export DJANGO_ENV=production
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-not-for-production-0123456789-abcdefghij}
export ALLOWED_HOSTS=127.0.0.1
export STATIC_ROOT=${STATIC_ROOT:-$PWD/bench/static}
export QUERY_COUNT_HEADER=1
# The data set is loaded once and kept for weeks: past the grace period, the sponsor staff it signs in as
# would be sent to set up an authenticator app instead of reaching the pages measured.
export MFA_GRACE_DAYS=36500
export LOG_LEVEL=WARNING
redis-cli -n "${BENCH_REDIS_DB:-10}" flushdb >/dev/null
redis-cli -n $(( ${BENCH_REDIS_DB:-10} + 1 )) flushdb >/dev/null
$PY manage.py collectstatic --noinput --verbosity 0
.venv/bin/gunicorn imt.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --worker-tmp-dir /dev/shm --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" -H "X-Forwarded-Proto: https" && break
    sleep 1
done

step "locust: $USERS users, ${DURATION} s per phase"
status=0
$PY scripts/bench/load.py --host "http://127.0.0.1:$PORT" --plan bench/plan.json --output "$OUT" \
    --users "$USERS" --duration "$DURATION" \
    --note "$(nproc) cores; gunicorn with $WORKERS sync workers; PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'SHOW server_version' | cut -d' ' -f1), Redis cache and sessions; locust on the same machine." || status=$?
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

step "EXPLAIN of each page's queries"
unset DJANGO_ENV QUERY_COUNT_HEADER ALLOWED_HOSTS SECRET_KEY STATIC_ROOT LOG_LEVEL
$PY manage.py bench_explain --plan bench/plan.json --output "$OUT" || status=$?
echo
echo "The table is in $OUT."
exit $status
