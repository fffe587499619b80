#!/usr/bin/env bash
# A long run of everything at once against a Release build of the gateway, started as bench/run.sh starts it
# (127.0.0.1:9080, in-memory routes, the admin listener on 127.0.0.1:9180, pinned to CPU 0; the generator to CPU 1):
# healthy raw and SignalR JSON clients checking that nothing is lost, churn, a publisher, slow consumers and bad
# input. Prints a sample line every 10 s (server RSS, managed heap, GC counts, threads, descriptors, connections,
# deliveries/s, what healthy clients saw) and a summary by quarter; appends the report to bench/results.jsonl.
#   bench/soak.sh [seconds] [load-generator options...]     default 1800 s (30 minutes), e.g. bench/soak.sh 300
# The options override the defaults below, e.g. bench/soak.sh 600 --bad-rate 0 --slow 4.
# Exit status: 0 when no outcome broke the contract, 2 when one did (see the "contract broken" line), other on failure.
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results.jsonl"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
seconds=1800
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi

dotnet build -c Release "$root/src/SignalRPub.Server" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/SignalRPub.LoadGen" -v q -nologo >/dev/null

source "$root/bench/lib.sh"
out=$(mktemp)
trap 'stop_all; rm -f "$out"' EXIT
start_server

# Bounded: the generator stops every part at the end of the duration and drains for a few seconds; the timeout
# is the backstop.
status=0
timeout $((seconds + 180)) taskset -c 1 dotnet "$root/bench/SignalRPub.LoadGen/bin/Release/net10.0/SignalRPub.LoadGen.dll" \
  --scenario soak --duration "$seconds" --warmup 0 --label "soak-$seconds" \
  --publish-key $key --admin-url http://127.0.0.1:9180 --admin-key $admin_key --server-pid "$server_pid" --server-log "$server_log" \
  --connections 200 --json-connections 50 --topics 50 --topics-per-connection 5 --rate 200 --payload-bytes 64 \
  --churn 8 --slow 2 --slow-hold 45 --bad-rate 5 --busy-topics 2 --busy-rate 60 --busy-payload-bytes 8192 --sample-seconds 10 \
  "$@" | tee "$out" | grep -v '^{' || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "the server is gone (crashed?); its log: $server_log" >&2; status=1
fi
echo "server log: $(wc -c <"$server_log") bytes, $(grep -c 'fail:\|crit:\|Exception' "$server_log" || true) lines with errors or exceptions ($server_log)"
report=$(grep '^{' "$out" | tail -n 1 || true)
[ -n "$report" ] && echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"report\":$report}" >>"$results"
exit "$status"
