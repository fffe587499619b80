#!/usr/bin/env bash
# Runs load scenarios against a Release build of the gateway: the server pinned to CPU 0, the load generator
# (and the mock upstream or Redis, where used) to CPU 1. Appends every report line to bench/results.jsonl.
#   bench/run.sh [scenario...]     scenarios: fanout broadcast latency idle churn growth actions cluster metrics
# fanout and broadcast run raw clients and SignalR JSON clients alternately, two rounds, each on a fresh server.
# cluster runs fanout's shape on one node without Redis, one node with Redis and two nodes with Redis, alternately,
# two rounds (bench/README.md, "Cluster"). metrics runs raw fanout with /metrics on and scraped every second, and with
# metrics off, alternately, three rounds (bench/README.md, "Metrics"). With no argument it runs them all. Every run is bounded in time; a run
# that loses messages or fails is reported and the next one goes on; the exit status is 1 when any did.
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # 10,000 connections need more than the usual 1,024 descriptors
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results.jsonl"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)

dotnet build -c Release "$root/src/SignalRPub.Server" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/SignalRPub.LoadGen" -v q -nologo >/dev/null
[ -d "$root/samples/MockUpstream" ] && dotnet build -c Release "$root/samples/MockUpstream" -v q -nologo >/dev/null

source "$root/bench/lib.sh"
trap stop_all EXIT

failures=0
report=""

# load LABEL ARGS...: one load-generator run against the running nodes (and Redis, when one runs), bounded in
# time. Prints the readable lines, appends the report to bench/results.jsonl and leaves it in $report; a run that
# lost messages, failed or timed out is said so and counted, and the caller goes on.
load() {
  local label=$1; shift
  local out status=0
  out=$(timeout 600 taskset -c 1 dotnet "$root/bench/SignalRPub.LoadGen/bin/Release/net10.0/SignalRPub.LoadGen.dll" \
    --publish-key $key --url "$(joined server_urls)" --admin-url "$(joined admin_urls)" --admin-key $admin_key \
    --server-pid "$(joined server_pids)" ${redis_port:+--redis "127.0.0.1:$redis_port"} --label "$label" "$@") || status=$?
  report=$(echo "$out" | head -n 1)
  echo "$out" | tail -n +2
  if [[ $report == "{"* ]]; then
    echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"report\":$report}" >>"$results"
  else
    report=""
  fi
  case $status in
    0) ;;
    2) echo "[$label] LOSS: fewer deliveries arrived than were owed (see loss= above, and per node from-other-nodes=)" >&2 ;;
    124) echo "[$label] TIMED OUT: stopped after 600 s" >&2 ;;
    *) echo "[$label] FAILED: the load generator exited with status $status (its error is above)" >&2 ;;
  esac
  [ "$status" -eq 0 ] || failures=$((failures + 1))
}

# number REPORT NAME: the first number named NAME in a report's JSON (the top-level one for Latency's P99).
number() {
  grep -o "\"$2\":[-0-9.eE+]*" <<<"$1" | head -n 1 | cut -d: -f2
}

# cluster_case LABEL NODES yes|no: fanout's shape against NODES fresh nodes, with a fresh Redis or without one.
# Every node is pinned to CPU 0, Redis to CPU 1 beside the generator (bench/README.md, "Cluster", says why).
# A node or Redis that does not start is reported and the case skipped.
cluster_case() {
  local label=$1 nodes=$2 with_redis=$3 n
  local settings=()
  report=""
  if [ "$with_redis" = yes ]; then
    if ! start_redis; then
      echo "[$label] SKIPPED: Redis did not start" >&2; failures=$((failures + 1)); stop_all; return 0
    fi
    settings=("SignalRPub__Redis__Configuration=127.0.0.1:$redis_port")
  fi
  for n in $(seq 1 "$nodes"); do
    if ! start_node "$n" Production "${settings[@]}"; then
      echo "[$label] SKIPPED: node $n did not start (its log is above)" >&2; failures=$((failures + 1)); stop_all; return 0
    fi
  done
  load "$label" --scenario fanout --per-node 1 --connections 2000 --topics 200 --topics-per-connection 10 --warmup 20 --duration 10
  stop_all
}

# cluster_summary ROUND ONE ONE_REDIS TWO_REDIS: one line comparing the round's three reports ("" for a case that did not run).
cluster_summary() {
  local round=$1 one=$2 one_redis=$3 two=$4
  rate() { [ -n "$1" ] && number "$1" DeliveredPerSecond || echo 0; }
  idle() { local c; c=$(number "$1" CommandsPerMessage); [ -n "$c" ] && awk -v c="$c" 'BEGIN { exit !(c < 0.01) }'; }
  describe() {
    [ -z "$1" ] && { echo "no report"; return; }
    awk -v d="$(number "$1" DeliveredPerSecond)" -v cpu="$(number "$1" DeliveriesPerServerCpuSecond)" -v p99="$(number "$1" P99)" \
        -v loss="$(number "$1" LossPercent)" -v cmds="$(number "$1" CommandsPerMessage)" -v bytes="$(number "$1" BytesPerMessage)" 'BEGIN {
      printf "%.0f deliveries/s (%.0f per server CPU-second), p99 %.1f ms", d, cpu, p99
      if (loss > 0) printf ", LOSS %.1f %%", loss
      if (cmds != "" && cmds + 0 < 0.01) printf ", Redis idle (%.3f commands/message: the nodes do not use it)", cmds
      else if (cmds != "") printf ", Redis %.2f commands and %.0f B per message", cmds, bytes
    }'
  }
  local b_idle=0 c_idle=0
  idle "$one_redis" && b_idle=1
  idle "$two" && c_idle=1
  awk -v a="$(rate "$one")" -v b="$(rate "$one_redis")" -v c="$(rate "$two")" -v b_idle=$b_idle -v c_idle=$c_idle \
      -v da="$(describe "$one")" -v db="$(describe "$one_redis")" -v dc="$(describe "$two")" -v round="$round" 'BEGIN {
    printf "[cluster round %s] (a) one node: %s | (b) one node + Redis: %s", round, da, db
    if (a > 0 && b > 0) printf b_idle ? " = %.2fx (a): Redis unused, so only the spread between runs" : " = %.2fx (a)", b / a
    if (a > 0 && b > 0 && !b_idle) printf ", Redis costs %.1f %% of (a)", 100 * (1 - b / a)
    printf " | (c) two nodes + Redis: %s", dc
    if (b > 0 && c > 0) printf " = %.2fx (b)", c / b
    if (a > 0 && c > 0) printf ", %.2fx (a)", c / a
    if (c_idle) printf " (not a cluster: Redis unused)"
    printf "\n"
  }'
}

# metrics_case LABEL on|off: raw fanout on a fresh server with the Prometheus endpoint on and scraped once a second
# (one curl with the admin key as a bearer token, pinned to CPU 1 beside the generator), or with it off (no listener:
# the SignalRPub meter's instruments are disabled). Leaves the report in $report.
metrics_case() {
  local label=$1 mode=$2 scraper=""
  report=""
  start_server Production "SignalRPub__Admin__Metrics=$([ "$mode" = on ] && echo true || echo false)"
  if [ "$mode" = on ]; then
    # One curl process for the whole run (a new one every second would cost the generator's core more than the
    # scrape costs the server): up to 120 scrapes at one a second over one kept-alive connection, as Prometheus does.
    local scrapes=() i
    for ((i = 0; i < 120; i++)); do scrapes+=(-o /dev/null "${admin_urls[0]}/metrics"); done
    taskset -c 1 curl -s --rate 1/s -H "Authorization: Bearer $admin_key" "${scrapes[@]}" &
    scraper=$!
  fi
  load "$label" --client raw --scenario fanout --connections 2000 --topics 200 --topics-per-connection 10 --warmup 20 --duration 10
  [ -n "$scraper" ] && { kill "$scraper" 2>/dev/null; wait "$scraper" 2>/dev/null || true; }
  stop_all
}

# metrics_summary ROUND ON OFF: the round's delivery rates, deliveries per server CPU-second, and the on/off ratios.
metrics_summary() {
  field() { number "$1" "$2" || true; }
  awk -v round="$1" -v on="$(field "$2" DeliveredPerSecond)" -v off="$(field "$3" DeliveredPerSecond)" \
      -v son="$(field "$2" Seconds)" -v soff="$(field "$3" Seconds)" -v con="$(field "$2" ServerCpuSeconds)" -v coff="$(field "$3" ServerCpuSeconds)" 'BEGIN {
    pon = (con > 0) ? on * son / con : 0; poff = (coff > 0) ? off * soff / coff : 0
    printf "[metrics round %s] on+scraped: %.0f deliveries/s (%.0f per server CPU-second) | off: %.0f deliveries/s (%.0f per server CPU-second)", round, on, pon, off, poff
    if (on > 0 && off > 0) printf " | on/off = %.3fx deliveries/s", on / off
    if (pon > 0 && poff > 0) printf ", %.3fx per CPU-second", pon / poff
    printf "\n"
  }'
}

run() {
  case $1 in
    # fanout and broadcast: raw and SignalR JSON clients alternately, two rounds, 20 s of warm-up (the runtime
    # still compiles about 10 % of the time 15 s into a saturated run)
    fanout)    for round in 1 2; do for client in raw signalr-json; do
                 start_server; load "fanout-$client-$round" --client $client --scenario fanout --connections 2000 --topics 200 --topics-per-connection 10 --warmup 20 --duration 10; stop_all
               done; done ;;
    broadcast) for round in 1 2; do for client in raw signalr-json; do
                 start_server; load "broadcast-$client-$round" --client $client --scenario broadcast --connections 1000 --topics 1 --topics-per-connection 1 --warmup 20 --duration 10; stop_all
               done; done ;;
    # latency: 200 messages/s, one per publish request, to 10 subscribers per topic (the target's shape) and to
    # 100 per topic (fanout's shape: 2,000 connections, 10 topics each of 200); 10 s of warm-up, so both processes run tier-1 code
    latency)   start_server; load latency-10-subscribers --scenario latency --connections 200 --topics 200 --topics-per-connection 10 --rate 200 --batch 1 --warmup 10 --duration 10; stop_all
               start_server; load latency-100-subscribers --scenario latency --connections 2000 --topics 200 --topics-per-connection 10 --rate 200 --batch 1 --warmup 10 --duration 10; stop_all ;;
    idle)      start_server; load idle --scenario idle --connections 10000 --topics 1000 --topics-per-connection 10 --duration 5; stop_all ;;
    churn)     start_server; load churn --scenario churn --connections 50 --topics 1000 --topics-per-connection 50 --duration 10; stop_all ;;
    growth)    for n in 1000 5000 10000; do start_server; load "growth-$n" --scenario fanout --connections $n --topics 200 --topics-per-connection 10 --duration 10; stop_all; done ;;
    actions)   start_server; load actions-local --scenario actions --connections 50 --topics 200 --topics-per-connection 5 --duration 10; stop_all
               start_upstream; start_server MockUpstream; load actions-upstream --scenario actions --connections 50 --topics 200 --topics-per-connection 5 --duration 10; stop_all ;;
    # cluster (issue 10): (a) one node without Redis, (b) one node with Redis, (c) two nodes with Redis, subscribers
    # and publishes spread over both; two rounds, each case on fresh nodes and a fresh Redis
    cluster)   for round in 1 2; do
                 local one one_redis two
                 cluster_case "cluster-1node-$round" 1 no; one=$report
                 cluster_case "cluster-1node-redis-$round" 1 yes; one_redis=$report
                 cluster_case "cluster-2nodes-redis-$round" 2 yes; two=$report
                 cluster_summary "$round" "$one" "$one_redis" "$two"
               done ;;
    # metrics (issue 12): fanout's raw shape with the Prometheus endpoint on and scraped every second, and off;
    # alternately (on first in odd rounds, off first in even ones), three rounds, each on a fresh server
    metrics)   for round in 1 2 3; do
                 local on off
                 if [ $((round % 2)) -eq 1 ]; then
                   metrics_case "metrics-on-$round" on; on=$report
                   metrics_case "metrics-off-$round" off; off=$report
                 else
                   metrics_case "metrics-off-$round" off; off=$report
                   metrics_case "metrics-on-$round" on; on=$report
                 fi
                 metrics_summary "$round" "$on" "$off"
               done ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(fanout broadcast latency idle churn growth actions cluster metrics)
for s in "${scenarios[@]}"; do run "$s"; done
if [ "$failures" -gt 0 ]; then echo "$failures run(s) lost messages, failed or were skipped (said above)" >&2; exit 1; fi
