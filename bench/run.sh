#!/usr/bin/env bash
# Runs load scenarios against a Release build of the gateway: the server pinned to CPU 0, the load generator
# (and the mock upstream, where used) to CPU 1. Appends every report line to bench/results.jsonl.
#   bench/run.sh [scenario...]     scenarios: fanout broadcast latency idle churn growth actions
# fanout and broadcast run raw clients and SignalR JSON clients alternately, two rounds, each on a fresh server.
# With no argument it runs them all. Every run is bounded in time.
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

# load LABEL ARGS...: one load-generator run against the running server, bounded in time.
load() {
  local label=$1; shift
  local out
  out=$(timeout 600 taskset -c 1 dotnet "$root/bench/SignalRPub.LoadGen/bin/Release/net10.0/SignalRPub.LoadGen.dll" \
    --publish-key $key --admin-url http://127.0.0.1:9180 --admin-key $admin_key --server-pid "$server_pid" --label "$label" "$@")
  echo "$out" | tail -n 1
  echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"report\":$(echo "$out" | head -n 1)}" >>"$results"
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
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(fanout broadcast latency idle churn growth actions)
for s in "${scenarios[@]}"; do run "$s"; done
