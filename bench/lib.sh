# Shared by bench/run.sh and bench/soak.sh (sourced, not run): the gateway and the mock upstream, started the same
# way every time. Needs $root; sets $server_pid and $upstream_pid; stop_all stops both by pid.
key=bench-key
admin_key=bench-admin-key
server_log=/tmp/signalrpub-bench-server.log
server_pid=""
upstream_pid=""

stop_all() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$upstream_pid" ] && kill "$upstream_pid" 2>/dev/null && wait "$upstream_pid" 2>/dev/null || true
  server_pid=""; upstream_pid=""
}

# start_server [environment]: the gateway on 127.0.0.1:9080, workstation GC (the default), CPU 0.
start_server() {
  # Each run starts from the configured routes (an in-memory store); the admin listener serves GC counts.
  local environment=${1:-Production}
  if curl -s -o /dev/null http://127.0.0.1:9080/healthz; then
    echo "something already listens on 127.0.0.1:9080; stop it first" >&2; return 1
  fi
  (cd "$root/src/SignalRPub.Server/bin/Release/net10.0" &&
    DOTNET_ENVIRONMENT=$environment SignalRPub__Publish__ApiKey=$key SignalRPub__Storage__Provider=memory SignalRPub__Admin__Enabled=true SignalRPub__Admin__Urls=http://127.0.0.1:9180 SignalRPub__Admin__ApiKey=$admin_key Logging__LogLevel__Default=Warning \
    exec taskset -c 0 dotnet SignalRPub.Server.dll >"$server_log" 2>&1) &
  server_pid=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:9080/healthz >/dev/null && return 0; sleep 0.1; done
  echo "server did not start" >&2; cat "$server_log" >&2; return 1
}

start_upstream() {
  (cd "$root/samples/MockUpstream/bin/Release/net10.0" &&
    Logging__LogLevel__Default=Warning exec taskset -c 1 dotnet MockUpstream.dll >/tmp/signalrpub-bench-upstream.log 2>&1) &
  upstream_pid=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:1975/healthz >/dev/null && return 0; sleep 0.1; done
  echo "mock upstream did not start" >&2; return 1
}
