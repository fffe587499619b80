#!/usr/bin/env bash
# Live managed heap per idle raw connection: a dotnet-gcdump of the server before and after N connections register
# and subscribe (default 10,000 with 10 topics each), the difference divided by N; garbage is not counted (a gcdump
# walks live objects only). Prints the biggest types of the second dump too.
#   bench/heap.sh [connections]        needs: dotnet tool install -g dotnet-gcdump
# Extra server settings can come from the environment, e.g.
#   env 'Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=None' bench/heap.sh
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
root=$(cd "$(dirname "$0")/.." && pwd)
connections=${1:-10000}
gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
[ -x "$gcdump" ] || { echo "dotnet-gcdump not found: dotnet tool install -g dotnet-gcdump" >&2; exit 1; }
out=$(mktemp -d)

dotnet build -c Release "$root/src/SignalRPub.Server" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/SignalRPub.LoadGen" -v q -nologo >/dev/null

(cd "$root/src/SignalRPub.Server/bin/Release/net10.0" &&
  SignalRPub__Publish__ApiKey=bench-key SignalRPub__Storage__Provider=memory SignalRPub__Admin__Enabled=true SignalRPub__Admin__Urls=http://127.0.0.1:9180 SignalRPub__Admin__ApiKey=bench-admin-key Logging__LogLevel__Default=Warning \
  exec taskset -c 0 dotnet SignalRPub.Server.dll >"$out/server.log" 2>&1) &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:9080/healthz >/dev/null && break; sleep 0.1; done

heap() { "$gcdump" collect -p "$server_pid" -o "$out/$1.gcdump" >/dev/null 2>&1; "$gcdump" report "$out/$1.gcdump" | awk '/GC Heap bytes/ {gsub(",", "", $1); print $1}'; }
registered() { curl -s http://127.0.0.1:9180/signalrpub/stats -H 'X-API-KEY: bench-admin-key' | sed -n 's/.*"registered":\([0-9]*\).*/\1/p'; }

before=$(heap before)
timeout 600 taskset -c 1 dotnet "$root/bench/SignalRPub.LoadGen/bin/Release/net10.0/SignalRPub.LoadGen.dll" \
  --scenario idle --connections "$connections" --topics 1000 --topics-per-connection 10 --duration 60 --publish-key bench-key >/dev/null &
load_pid=$!
for _ in $(seq 1 300); do [ "$(registered)" = "$connections" ] && break; sleep 1; done
[ "$(registered)" = "$connections" ] || { echo "only $(registered) of $connections connections registered" >&2; exit 1; }
after=$(heap after)
echo "live heap: before ${before} B, after ${after} B, per connection $(( (after - before) / connections )) B"
"$gcdump" report "$out/after.gcdump" | awk 'NR > 4 && $2 ~ /[0-9]/ { b = $1; c = $2; gsub(",", "", b); gsub(",", "", c); $1 = ""; $2 = ""; printf "%12d %8d %s\n", b * c, c, $0 }' | sort -nr | head -25
kill "$load_pid" 2>/dev/null || true
