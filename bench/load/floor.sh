#!/usr/bin/env bash
# The framework's floor: what a small authenticated API request costs the server (CPU per request), with wrk.
# Starts the server on a fresh load database with demo data, seeds a few applicants, and for each path given
# runs wrk twice (20 s each; the first warms the JIT) with an applicant's bearer token, printing the second.
#
#   bench/load/floor.sh /api/me '/api/applications?size=10'
#   JAR=/tmp/other-server.jar bench/load/floor.sh /api/me
#
# Needs what bench/load/run.sh needs (wrk, psql, curl, PostgreSQL with role ipaward/ipaward).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export PGPASSWORD=ipaward
DB="${LOAD_DB:-ipaward_load}"
PORT="${PORT:-18088}"
out="$(mktemp -d)"
if [ "$(psql -h localhost -U ipaward -d postgres -qtAX -c "select 1 from pg_database where datname = '$DB'")" != "1" ]; then
  psql -h localhost -U ipaward -d postgres -qtAX -c "create database $DB"
fi
psql -h localhost -U ipaward -d "$DB" -qtAX -c "set client_min_messages = warning; drop schema public cascade; create schema public;"
IPAWARD_DB_URL="jdbc:postgresql://localhost:5432/$DB" IPAWARD_DB_USER=ipaward IPAWARD_DB_PASSWORD=ipaward \
  IPAWARD_DATA_DIR="$out/data" IPAWARD_DEMO=true PORT="$PORT" \
  java -Xms512m -Xmx1g -XX:+UseParallelGC -jar "${JAR:-$root/server/target/ipaward-server.jar}" \
  --server.tomcat.threads.max=16 --server.tomcat.max-keep-alive-requests=-1 >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -fs "localhost:$PORT/actuator/health" 2>/dev/null | grep -q UP && break; sleep 1; done
psql -h localhost -U ipaward -d "$DB" -v n=20 -qtAX -f "$here/seed.sql" >"$out/applicants.tsv"
token=$(head -1 "$out/applicants.tsv" | cut -f1)
ticks() { awk '{s += $14 + $15} END {print s + 0}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for path in "$@"; do
  wrk -t2 -c16 -d20s -H "Authorization: Bearer $token" "http://localhost:$PORT$path" >/dev/null
  j0=$(ticks $pid)
  res=$(wrk -t2 -c16 -d20s --latency -H "Authorization: Bearer $token" "http://localhost:$PORT$path")
  j1=$(ticks $pid)
  n=$(echo "$res" | awk '/requests in/ {print $1}')
  echo "$path: $(echo "$res" | awk '/Requests\/sec/ {print $2}') req/s, p99 $(echo "$res" | awk '$1 == "99%" {print $2}')," \
    "server CPU $(awk -v j=$((j1 - j0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.3f", j * 1000 / hz / n}') ms per request" \
    "$(echo "$res" | grep -q Non-2xx && echo '(some answers not 2xx!)')"
done
