# Shared by bench/run.sh and bench/soak.sh (sourced, not run): the gateway nodes, Redis, the mock upstream and
# nats-server, started the same way every time. Needs $root. start_node adds a node to $server_pids, $server_urls and
# $admin_urls ($server_pid is the first node's); start_redis sets $redis_port; start_nats sets $nats_pid, $nats_url
# and $nats_ws_url; stop_all stops everything by pid.
key=bench-key
admin_key=bench-admin-key
server_log=/tmp/signalrpub-bench-server.log
server_pid=""
server_pids=()
server_urls=()
admin_urls=()
upstream_pid=""
redis_pid=""
redis_port=""
redis_dir=""
nats_pid=""
nats_url=""
nats_ws_url=""
nats_dir=""

stop_all() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  [ -n "$upstream_pid" ] && kill "$upstream_pid" 2>/dev/null && wait "$upstream_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null || true
  [ -n "$nats_dir" ] && rm -rf "$nats_dir"
  server_pid=""; server_pids=(); server_urls=(); admin_urls=(); upstream_pid=""; redis_pid=""; redis_port=""; redis_dir=""
  nats_pid=""; nats_url=""; nats_ws_url=""; nats_dir=""
}

# start_node N [environment [NAME=VALUE...]]: gateway node N (1, 2, ...) on 127.0.0.1:(9079+N), its admin listener
# on 127.0.0.1:(9179+N), workstation GC (the default), CPU 0 (every node: see bench/README.md, "Cluster"). The
# settings after the environment go to the node's environment as they are, e.g. SignalRPub__Redis__Configuration=...
start_node() {
  local node=$1 environment=${2:-Production}
  shift $(($# > 1 ? 2 : 1))
  local port=$((9079 + node)) admin_port=$((9179 + node))
  local log=$server_log
  [ "$node" -gt 1 ] && log=/tmp/signalrpub-bench-server-$node.log
  if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
    echo "something already listens on 127.0.0.1:$port; stop it first" >&2; return 1
  fi
  # Each run starts from the configured routes (an in-memory store); the admin listener serves GC counts.
  (cd "$root/src/SignalRPub.Server/bin/Release/net10.0" &&
    exec env DOTNET_ENVIRONMENT="$environment" SignalRPub__Publish__ApiKey=$key SignalRPub__Storage__Provider=memory \
      SignalRPub__Gateway__Urls="http://127.0.0.1:$port" SignalRPub__Admin__Enabled=true SignalRPub__Admin__Urls="http://127.0.0.1:$admin_port" \
      SignalRPub__Admin__ApiKey=$admin_key Logging__LogLevel__Default=Warning "$@" \
      taskset -c 0 dotnet SignalRPub.Server.dll >"$log" 2>&1) &
  local pid=$!
  server_pids+=("$pid"); server_urls+=("http://127.0.0.1:$port"); admin_urls+=("http://127.0.0.1:$admin_port")
  [ -z "$server_pid" ] && server_pid=$pid
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "node $node did not start; its log ($log):" >&2; cat "$log" >&2; return 1
}

# start_server [environment]: the one gateway of the single-node scenarios (node 1: 127.0.0.1:9080, admin 9180).
start_server() {
  start_node 1 "$@"
}

# start_redis: redis-server from PATH on a free loopback port, with its own temp directory and no persistence,
# pinned to CPU 1 (beside the load generator). Sets $redis_port.
start_redis() {
  command -v redis-server >/dev/null || { echo "redis-server is not on PATH (Debian: apt-get install redis-server)" >&2; return 1; }
  redis_dir=$(mktemp -d /tmp/signalrpub-bench-redis.XXXXXX)
  local port attempt
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 20000))
    # Taken when something answers there; a port taken between this check and the start shows as Redis exiting.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    taskset -c 1 redis-server --bind 127.0.0.1 --port "$port" --dir "$redis_dir" --save "" --appendonly no \
      --daemonize no --logfile "$redis_dir/redis.log" &
    redis_pid=$!
    for _ in $(seq 1 50); do
      if redis_ping "$port"; then redis_port=$port; return 0; fi
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  done
  echo "redis-server did not start; its log:" >&2; cat "$redis_dir/redis.log" >&2; return 1
}

# port_open PORT: true when something accepts a TCP connection on 127.0.0.1:PORT (bash's /dev/tcp).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ensure_nats_server: installs the Debian package nats-server when nats-server is not on PATH (a fresh machine).
ensure_nats_server() {
  command -v nats-server >/dev/null && return 0
  echo "nats-server is missing: apt-get install -y nats-server" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  # A fresh machine may have no package lists yet: update them once when the first attempt fails.
  { $sudo apt-get install -y nats-server || { $sudo apt-get update && $sudo apt-get install -y nats-server; }; } >&2 ||
    { echo "could not install nats-server" >&2; return 1; }
}

# start_nats: the peer, nats-server from PATH, pinned to CPU 0 as the gateway is, with its client port and a WebSocket
# listener (no TLS, no compression) on free loopback ports, from a config generated in a temp directory; its log (the
# startup notices: it logs nothing per connection or message without debug or trace) goes there too. Ready when both
# ports accept connections. Sets $nats_pid, $nats_url (nats://127.0.0.1:PORT, where the generator publishes, as a
# backend would) and $nats_ws_url (ws://127.0.0.1:PORT, where its subscribers connect).
start_nats() {
  command -v nats-server >/dev/null || { echo "nats-server is not on PATH (Debian: apt-get install nats-server)" >&2; return 1; }
  nats_dir=$(mktemp -d /tmp/signalrpub-bench-nats.XXXXXX)
  local port ws_port attempt
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 20000)); ws_port=$((20000 + RANDOM % 20000))
    # Taken when something answers there; a port taken between this check and the start shows as nats-server exiting.
    if [ "$port" -eq "$ws_port" ] || port_open "$port" || port_open "$ws_port"; then continue; fi
    printf '%s\n' "listen: \"127.0.0.1:$port\"" "websocket {" "  listen: \"127.0.0.1:$ws_port\"" "  no_tls: true" \
      "  compression: false" "}" "debug: false" "trace: false" >"$nats_dir/nats.conf"
    taskset -c 0 nats-server -c "$nats_dir/nats.conf" >"$nats_dir/nats.log" 2>&1 &
    nats_pid=$!
    for _ in $(seq 1 50); do
      if port_open "$port" && port_open "$ws_port"; then
        nats_url="nats://127.0.0.1:$port"; nats_ws_url="ws://127.0.0.1:$ws_port"; return 0
      fi
      kill -0 "$nats_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null || true
    nats_pid=""
  done
  echo "nats-server did not start; its log:" >&2; cat "$nats_dir/nats.log" >&2; return 1
}

# redis_ping PORT: true when Redis on 127.0.0.1:PORT answers PING (bash's /dev/tcp; no redis-cli needed).
redis_ping() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && IFS= read -r -t 2 line <&3 && echo "$line") 2>/dev/null) || return 1
  [ "${reply%$'\r'}" = "+PONG" ]
}

start_upstream() {
  (cd "$root/samples/MockUpstream/bin/Release/net10.0" &&
    Logging__LogLevel__Default=Warning exec taskset -c 1 dotnet MockUpstream.dll >/tmp/signalrpub-bench-upstream.log 2>&1) &
  upstream_pid=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:1975/healthz >/dev/null && return 0; sleep 0.1; done
  echo "mock upstream did not start" >&2; return 1
}

# joined ARRAY-NAME: the array's values separated by commas, as the load generator takes them.
joined() {
  local -n values=$1
  (IFS=,; echo "${values[*]}")
}
