#!/usr/bin/env bash
# Runs load scenarios against a Release build of the gateway: the server pinned to CPU 0, the load generator
# (and the mock upstream or Redis, where used) to CPU 1. Appends every report line to bench/results.jsonl.
#   bench/run.sh [scenario...]     scenarios: fanout broadcast latency idle churn growth actions cluster metrics
# fanout and broadcast run the client kinds of $peer_clients in turn (the order reversed every other round), $ROUNDS
# rounds (3 unless set), each run on a fresh server: nats-server for the nats kind (the peer every figure is compared
# with), the gateway for the others; a line per round and one of medians compare every kind with nats and with
# signalr-json. latency (both shapes) and idle run the kinds of $probe_clients once each, compared the same way.
# DURATION and WARMUP, when set, replace the measured and warm-up seconds of every run (the warm-up where run.sh sets
# one), for short functional checks.
# cluster runs fanout's shape on one node without Redis, one node with Redis and two nodes with Redis, alternately,
# two rounds (bench/README.md, "Cluster"). metrics runs raw fanout with /metrics on and scraped every second, and with
# metrics off, alternately, three rounds (bench/README.md, "Metrics"). With no argument it runs them all. Every run is bounded in time; a run
# that loses messages or fails is reported and the next one goes on; the exit status is 1 when any did.
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # 10,000 connections need more than the usual 1,024 descriptors
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results.jsonl"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)

# The client kinds fanout and broadcast compare, side by side in every round (add a kind the load generator knows and
# the summaries include it); nats and signalr-json are the references every kind's ratio is given to.
peer_clients=${PEERS:-"raw raw-batched signalr-json nats"}
# The kinds latency and idle compare.
probe_clients=${PROBES:-"raw signalr-json nats"}
rounds=${ROUNDS:-3}

dotnet build -c Release "$root/src/SignalRPub.Server" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/SignalRPub.LoadGen" -v q -nologo >/dev/null
[ -d "$root/samples/MockUpstream" ] && dotnet build -c Release "$root/samples/MockUpstream" -v q -nologo >/dev/null

source "$root/bench/lib.sh"
trap stop_all EXIT

failures=0
report=""

# seconds DEFAULT / warmup DEFAULT: a scenario's measured / warm-up seconds, unless DURATION / WARMUP replace them.
seconds() { echo "${DURATION:-$1}"; }
warmup() { echo "${WARMUP:-$1}"; }

# load LABEL ARGS...: one load-generator run against the running nodes (and Redis, when one runs) or nats-server, bounded in
# time. Prints the readable lines, appends the report to bench/results.jsonl and leaves it in $report; a run that
# lost messages, failed or timed out is said so and counted, and the caller goes on.
load() {
  local label=$1; shift
  local out status=0 target
  if [ -n "$nats_pid" ]; then
    target=(--nats-url "$nats_url" --nats-ws-url "$nats_ws_url" --server-pid "$nats_pid")
  else
    target=(--publish-key $key --url "$(joined server_urls)" --admin-url "$(joined admin_urls)" --admin-key $admin_key
      --server-pid "$(joined server_pids)" ${redis_port:+--redis "127.0.0.1:$redis_port"})
  fi
  out=$(timeout 600 taskset -c 1 dotnet "$root/bench/SignalRPub.LoadGen/bin/Release/net10.0/SignalRPub.LoadGen.dll" \
    "${target[@]}" --label "$label" "$@") || status=$?
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

# peer_case LABEL CLIENT ARGS...: one run of the client kind CLIENT on a fresh server (nats-server for nats, the
# gateway otherwise), stopped after it. Leaves the report in $report ("" when there is none); a server that does not
# start is reported and the run skipped.
peer_case() {
  local label=$1 client=$2; shift 2
  report=""
  if [ "$client" = nats ]; then
    start_nats || { echo "[$label] SKIPPED: nats-server did not start" >&2; failures=$((failures + 1)); stop_all; return 0; }
  else
    start_server || { echo "[$label] SKIPPED: the gateway did not start" >&2; failures=$((failures + 1)); stop_all; return 0; }
  fi
  load "$label" --client "$client" "$@"
  stop_all
  # The generator receives every delivery on one core: when it was that busy, the figure is the generator's limit.
  local span generator
  span=$(number "$report" WindowSpanSeconds || true); generator=$(number "$report" WindowGeneratorCpuSeconds || true)
  if [ -n "$span" ] && [ -n "$generator" ] && awk -v s="$span" -v g="$generator" 'BEGIN { exit !(s > 0 && g / s >= 0.9) }'; then
    echo "[$label] the load generator used $(awk -v s="$span" -v g="$generator" 'BEGIN { printf "%.0f", 100 * g / s }') % of its core: it may have been the limit, not the server" >&2
  fi
}

# compare TITLE rate|ms|kb KIND=VALUE...: one line giving every kind's value and its ratios to nats and to signalr-json
# (where those have a value); an empty value is a run without a report.
compare() {
  local title=$1 unit=$2; shift 2
  awk -v title="$title" -v unit="$unit" -v pairs="$*" 'BEGIN {
    n = split(pairs, kv, " ")
    for (i = 1; i <= n; i++) { split(kv[i], p, "="); kind[i] = p[1]; value[i] = p[2]; if (p[2] != "") ref[p[1]] = p[2] + 0 }
    printf "%s", title
    for (i = 1; i <= n; i++) {
      printf "%s %s ", (i == 1 ? "" : " |"), kind[i]
      if (value[i] == "") { printf "no report"; continue }
      v = value[i] + 0
      if (unit == "rate") printf "%.0fk", v / 1000; else if (unit == "ms") printf "%.2f ms", v; else printf "%.1f KB", v
      sep = " = "
      for (r = 1; r <= 2; r++) {
        other = (r == 1) ? "nats" : "signalr-json"
        if (other == kind[i] || !(other in ref) || ref[other] == 0) continue
        printf "%s%.2fx %s", sep, v / ref[other], other; sep = ", "
      }
    }
    printf "\n"
  }'
}

# median VALUE...: the median of the non-empty values (the mean of the middle two of an even count); empty when none.
median() {
  printf '%s\n' "$@" | awk 'NF { v[n++] = $1 + 0 } END {
    if (n == 0) exit
    for (i = 1; i < n; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    printf "%.6g\n", (n % 2) ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
  }'
}

# peers SCENARIO ARGS...: the kinds of $peer_clients in turn, $rounds rounds (every other round in reverse order, so
# no kind always runs first), each run on a fresh server; deliveries/s compared after each round and, at the end, the
# medians over the rounds.
peers() {
  local scenario=$1; shift
  local -A rate=()
  local round client order
  local -a pairs values
  for round in $(seq 1 "$rounds"); do
    order=$peer_clients
    [ $((round % 2)) -eq 0 ] && order=$(printf '%s\n' $peer_clients | tac | xargs)
    for client in $order; do
      peer_case "$scenario-$client-$round" "$client" --scenario "$scenario" "$@"
      rate[$client,$round]=$([ -n "$report" ] && number "$report" DeliveredPerSecond || true)
    done
    pairs=()
    for client in $peer_clients; do pairs+=("$client=${rate[$client,$round]}"); done
    compare "[$scenario round $round] deliveries/s:" rate "${pairs[@]}"
  done
  pairs=()
  for client in $peer_clients; do
    values=()
    for round in $(seq 1 "$rounds"); do values+=("${rate[$client,$round]}"); done
    pairs+=("$client=$(median "${values[@]}")")
  done
  compare "[$scenario medians of $rounds rounds] deliveries/s:" rate "${pairs[@]}"
}

# probes LABEL ARGS...: one run of each kind of $probe_clients on a fresh server; p50 and p99 latency compared (the
# idle scenario: KB per connection).
probes() {
  local label=$1; shift
  local client p50=() p99=() kb=()
  for client in $probe_clients; do
    peer_case "$label-$client" "$client" "$@"
    if [ -n "$report" ]; then
      p50+=("$client=$(number "$report" P50)"); p99+=("$client=$(number "$report" P99)"); kb+=("$client=$(number "$report" KbPerConnection)")
    else
      p50+=("$client="); p99+=("$client="); kb+=("$client=")
    fi
  done
  if [ "$label" = idle ]; then
    compare "[$label] RSS per connection:" kb "${kb[@]}"
  else
    compare "[$label] p50:" ms "${p50[@]}"
    compare "[$label] p99:" ms "${p99[@]}"
  fi
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
  load "$label" --scenario fanout --per-node 1 --connections 2000 --topics 200 --topics-per-connection 10 --warmup "$(warmup 20)" --duration "$(seconds 10)"
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
  load "$label" --client raw --scenario fanout --connections 2000 --topics 200 --topics-per-connection 10 --warmup "$(warmup 20)" --duration "$(seconds 10)"
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
    # fanout and broadcast: the peer kinds in turn, $rounds rounds, 45 s of warm-up: a gateway saturated on one core
    # still ran a fifth of its samples in instrumented or quick-jitted code 16 s in, none 49 s in (bench/README.md,
    # "Warm-up"); nats-server is compiled ahead of time and needs none, but gets the same
    fanout)    peers fanout --connections 2000 --topics 200 --topics-per-connection 10 --warmup "$(warmup 45)" --duration "$(seconds 10)" ;;
    broadcast) peers broadcast --connections 1000 --topics 1 --topics-per-connection 1 --warmup "$(warmup 45)" --duration "$(seconds 10)" ;;
    # latency: 200 messages/s, one per publish request (one PUB per PING for nats), to 10 subscribers per topic (the
    # target's shape) and to 100 per topic (fanout's shape: 2,000 connections, 10 topics each of 200); 45 s of warm-up:
    # at 10 s the gateway still compiled tier-1 code in the measured window (p99 7.3 ms at 10 s, 4.1 ms at 40 s)
    latency)   probes latency-10-subscribers --scenario latency --connections 200 --topics 200 --topics-per-connection 10 --rate 200 --batch 1 --warmup "$(warmup 45)" --duration "$(seconds 10)"
               probes latency-100-subscribers --scenario latency --connections 2000 --topics 200 --topics-per-connection 10 --rate 200 --batch 1 --warmup "$(warmup 45)" --duration "$(seconds 10)" ;;
    idle)      probes idle --scenario idle --connections 10000 --topics 1000 --topics-per-connection 10 --duration "$(seconds 5)" ;;
    churn)     start_server; load churn --scenario churn --connections 50 --topics 1000 --topics-per-connection 50 --duration "$(seconds 10)"; stop_all ;;
    growth)    for n in 1000 5000 10000; do start_server; load "growth-$n" --scenario fanout --connections $n --topics 200 --topics-per-connection 10 --duration "$(seconds 10)"; stop_all; done ;;
    actions)   start_server; load actions-local --scenario actions --connections 50 --topics 200 --topics-per-connection 5 --duration "$(seconds 10)"; stop_all
               start_upstream; start_server MockUpstream; load actions-upstream --scenario actions --connections 50 --topics 200 --topics-per-connection 5 --duration "$(seconds 10)"; stop_all ;;
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
case " ${scenarios[*]} " in
  *" fanout "* | *" broadcast "* | *" latency "* | *" idle "*) ensure_nats_server || true ;;   # a nats run without it is reported skipped
esac
for s in "${scenarios[@]}"; do run "$s"; done
if [ "$failures" -gt 0 ]; then echo "$failures run(s) lost messages, failed or were skipped (said above)" >&2; exit 1; fi
