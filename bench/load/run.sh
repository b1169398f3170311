#!/usr/bin/env bash
# Load test of the ipaward server with wrk (Debian's): the public calculator and application submission.
# Builds the server jar (unless SKIP_BUILD=1), resets the load database, starts the server on it with demo
# data, seeds applicants with API tokens, warms up, runs each scenario, prints a summary with the server's
# memory, and stops the server. See docs/benchmarks.md, section "Load".
#
#   bench/load/run.sh                       # both scenarios, 30 s each
#   DURATION=60s CONNS=64 bench/load/run.sh
#   SCENARIOS=calculator bench/load/run.sh  # one scenario (calculator | submission)
#   SERVER_CPUS=0 WRK_CPUS=1 bench/load/run.sh   # pin with taskset (default: not pinned)
#   SERVER_ARGS="--server.tomcat.threads.max=200" bench/load/run.sh   # Spring Boot settings for the server
#   JAR=/tmp/old-server.jar SKIP_BUILD=1 bench/load/run.sh   # another server jar (the same hour's baseline)
#   ASYNC=1 SCENARIOS=submission bench/load/run.sh   # direct filings to the deadline-day intake (respond-async);
#                                                    # after the run, waits for its worker to file the queue
#
# Needs: wrk (apt-get install -y wrk), psql, curl, a JDK (jcmd), PostgreSQL on localhost:5432 with role
# ipaward/ipaward (.ci/postgres creates it; the database LOAD_DB is created when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

LOAD_DB="${LOAD_DB:-ipaward_load}"
PORT="${PORT:-18086}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-30s}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
APPLICANTS="${APPLICANTS:-2000}"
SCENARIOS="${SCENARIOS:-calculator submission}"
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseParallelGC}"
# Tomcat as docs/operations.md advises for a 2-core server: few worker threads (CPU-bound work; more only
# time-slice each other), keep-alive connections never closed by count (wrk and a reverse proxy reuse them)
SERVER_ARGS="${SERVER_ARGS:---server.tomcat.threads.max=16 --server.tomcat.max-keep-alive-requests=-1}"
JFR="${JFR:-}" # JFR=1: record a flight recording of the measured runs into the results directory
OUT="${OUT:-$root/bench/load/results/$(date -u +%Y%m%dT%H%M%SZ)}"
DATA_DIR="${DATA_DIR:-/tmp/ipaward-load-data}"
SERVER_CPUS="${SERVER_CPUS:-}"
WRK_CPUS="${WRK_CPUS:-}"
export PGPASSWORD=ipaward
psql_load() { psql -h localhost -U ipaward -d "$LOAD_DB" -v ON_ERROR_STOP=1 -qtAX "$@"; }
pin() { if [ -n "$1" ]; then echo "taskset -c $1"; fi; }

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
mkdir -p "$OUT"
base="http://localhost:$PORT"

# 1. Build.
jar="${JAR:-$root/server/target/ipaward-server.jar}" # JAR=…: another build of the server (an older one, to compare)
if [ "${SKIP_BUILD:-}" != "1" ] && [ -z "${JAR:-}" ]; then
  (cd "$root" && ./mvnw -q -B -o -pl server -am install -DskipTests)
fi

# 2. A fresh load database: the server migrates it and loads the demo (users, open rounds of both policies).
if [ "$(psql -h localhost -U ipaward -d postgres -qtAX -c "select 1 from pg_database where datname = '$LOAD_DB'")" != "1" ]; then
  psql -h localhost -U ipaward -d postgres -qtAX -c "create database $LOAD_DB"
fi
psql_load -c "set client_min_messages = warning; drop schema public cascade; create schema public;"
rm -rf "$DATA_DIR"

# 3. Start the server.
jfr_opt=""
if [ -n "$JFR" ]; then
  jfr_opt="-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,delay=${JFR_DELAY:-40s}"
fi
# shellcheck disable=SC2046,SC2086
IPAWARD_DB_URL="jdbc:postgresql://localhost:5432/$LOAD_DB" IPAWARD_DB_USER=ipaward IPAWARD_DB_PASSWORD=ipaward \
  IPAWARD_DATA_DIR="$DATA_DIR" IPAWARD_DEMO=true PORT="$PORT" \
  $(pin "$SERVER_CPUS") java $JAVA_OPTS $jfr_opt -jar "$jar" $SERVER_ARGS >"$OUT/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 180); do
  if curl -fs "$base/actuator/health" 2>/dev/null | grep -q UP; then break; fi
  kill -0 "$server" 2>/dev/null || { echo "server did not start; see $OUT/server.log" >&2; tail -20 "$OUT/server.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$base/actuator/health" | grep -q UP || { echo "server not ready after 180 s" >&2; exit 1; }
echo "server pid $server on $base (database $LOAD_DB, $JAVA_OPTS $SERVER_ARGS)"

# 4. Seed applicants (subject + user + role + API token each) in one SQL statement batch; tokens to a file.
t0=$(date +%s%N)
psql_load -v n="$APPLICANTS" -f "$here/seed.sql" >"$OUT/applicants.tsv"
echo "seeded $(wc -l <"$OUT/applicants.tsv") applicants in $((($(date +%s%N) - t0) / 1000000)) ms"


memory() {
  local rss heap
  rss=$(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status")
  # used and committed heap from the collector's own report (young + old, or G1's one heap)
  heap=$(jcmd "$server" GC.heap_info 2>/dev/null | awk '/total .*K, used .*K/ && !/Metaspace|class space/ {
      for (i = 1; i <= NF; i++) { if ($i == "total") t += $(i + 1) + 0; if ($i == "used") u += $(i + 1) + 0 }
    } END { printf "%.0f MB used of %.0f MB committed", u / 1024, t / 1024 }')
  echo "server memory: RSS $rss; heap $heap"
}

# CPU time (clock ticks) of the server and of the database's backends serving it: with the machine shared,
# CPU per request is the steadier figure (throughput on two free cores is about 2 s / (CPU per request)).
ticks() { awk '{s += $14 + $15} END {print s + 0}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sys_ticks() { awk '{print $15 + 0}' "/proc/$1/stat" 2>/dev/null || echo 0; }
db_ticks() {
  local t=0 p
  for p in $(psql_load -c "select pid from pg_stat_activity where datname = '$LOAD_DB' and pid <> pg_backend_pid()"); do
    t=$((t + $(ticks "$p")))
  done
  echo "$t"
}

run() { # scenario, duration, label
  local s=$1 d=$2 label=$3 j0 d0 k0 j1 d1 k1 n hz
  hz=$(getconf CLK_TCK)
  j0=$(ticks "$server"); d0=$(db_ticks); k0=$(sys_ticks "$server")
  # shellcheck disable=SC2046
  (cd "$here" && APPLICANTS_FILE="$OUT/applicants.tsv" \
    $(pin "$WRK_CPUS") wrk -t"$THREADS" -c"$CONNS" -d"$d" --timeout 5s --latency -s "$s.lua" "$base") >"$OUT/$s-$label.txt" 2>&1
  j1=$(ticks "$server"); d1=$(db_ticks); k1=$(sys_ticks "$server")
  n=$(awk '/requests in/ {print $1}' "$OUT/$s-$label.txt")
  awk -v j=$((j1 - j0)) -v k=$((k1 - k0)) -v d=$((d1 - d0)) -v n="${n:-0}" -v hz="$hz" 'BEGIN {
    if (n > 0) printf "  CPU per request: server %.3f ms (of which kernel %.3f ms), database backends %.3f ms (%d requests)\n",
      j * 1000 / hz / n, k * 1000 / hz / n, d * 1000 / hz / n, n }' \
    >>"$OUT/$s-$label.txt"
}

# The deadline-day intake (ASYNC=1): wait for the worker to file what was received, then report how long that
# took, the receipts by outcome, the worker's filing rate and the CPU it spent per receipt filed meanwhile.
drain() {
  local t0 q j0 d0 j1 d1 n0 n1 hz
  hz=$(getconf CLK_TCK)
  t0=$(date +%s%N); j0=$(ticks "$server"); d0=$(db_ticks)
  n0=$(psql_load -c "select count(*) from intake where status <> 'queued'")
  q=$(psql_load -c "select count(*) from intake where status = 'queued'")
  echo "  intake: $q receipts still queued when wrk stopped"
  while [ "$(psql_load -c "select count(*) from intake where status = 'queued'")" != "0" ]; do
    sleep 0.5
    if [ $((($(date +%s%N) - t0) / 1000000000)) -gt 900 ]; then echo "  intake: not drained after 900 s"; break; fi
  done
  j1=$(ticks "$server"); d1=$(db_ticks)
  n1=$(psql_load -c "select count(*) from intake where status <> 'queued'")
  echo "  intake: queue empty $(((($(date +%s%N) - t0) / 1000000))) ms after wrk stopped"
  echo "  intake: receipts by outcome: $(psql_load -c "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from intake group by status order by status) s")"
  psql_load -c "select '  intake: worker filing rate ' || round(count(*) / greatest(extract(epoch from max(processed_at) - min(processed_at)), 0.001), 1)
    || ' receipts/s over the whole run (' || count(*) || ' filed in ' || round(extract(epoch from max(processed_at) - min(processed_at)), 1) || ' s)'
    from intake where processed_at is not null"
  awk -v j=$((j1 - j0)) -v d=$((d1 - d0)) -v n=$((n1 - n0)) -v hz="$hz" 'BEGIN {
    if (n > 0) printf "  intake: CPU per receipt filed after wrk stopped: server %.3f ms, database backends %.3f ms (%d receipts)\n",
      j * 1000 / hz / n, d * 1000 / hz / n, n }'
}

summary="$OUT/summary.txt"
{
  echo "ipaward load run $(date -u +%FT%TZ) on $(nproc) cores; wrk -t$THREADS -c$CONNS -d$DURATION;" \
    "server $JAVA_OPTS $SERVER_ARGS; load average $(cut -d' ' -f1-3 /proc/loadavg); pinned server=${SERVER_CPUS:-no} wrk=${WRK_CPUS:-no}"
  memory
} | tee "$summary"
for s in $SCENARIOS; do
  run "$s" "$WARMUP" warmup
  run "$s" "$DURATION" measured
  if [ "$s" = submission ] && [ "${ASYNC:-}" = "1" ]; then drain >>"$OUT/$s-measured.txt"; fi
  {
    echo "== $s (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    grep -E "Requests/sec|Latency  |50%|90%|99%|requests in|Socket errors|errors|first error|mix:|per second|CPU per request|intake" "$OUT/$s-measured.txt" || true
    memory
  } | tee -a "$summary"
done
echo "results in $OUT"
