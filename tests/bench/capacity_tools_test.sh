#!/usr/bin/env bash
# The capacity tools measure what docs/BENCHMARKS.md records: ws_hold opens,
# holds and pings 200 WebSockets, first against ws_echo_server (the floor),
# then against `livechat serve`, each on a free loopback port, and reports
# the server's memory per connection and every round trip answered.
# Usage: capacity_tools_test.sh LIVECHAT WS_HOLD WS_ECHO_SERVER SOURCE_DIR
set -euo pipefail
livechat=$1 ws_hold=$2 echo_server=$3 root=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-capacity-test.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Holds 200 connections to URL's host:port; checks the JSON it writes.
hold() {
  local name=$1 target=$2 pid=$3
  shift 3
  timeout 120 "$ws_hold" --target "$target" --connections 200 --batch 50 \
    --server-pid "$pid" --round-trips 2 --timeout-seconds 60 \
    --json "$tmp/$name.json" "$@" >"$tmp/$name.out" 2>&1 \
    || { status=$?; cat "$tmp/$name.out" >&2; fail "$name: ws_hold exited with $status"; }
  jq -e '.connections_opened == 200 and .connections_failed == 0
    and .round_trips.answered == 400 and .round_trips.failed == 0
    and .bytes_per_connection.vmrss > 0' "$tmp/$name.json" >/dev/null \
    || fail "$name: $(jq -c . "$tmp/$name.json")"
  echo "$name: $(grep 'per connection' "$tmp/$name.out")"
}

# The floor: the echo server prints its port.
coproc ECHO { exec "$echo_server" --listen 127.0.0.1:0; }
server_pid=$ECHO_PID
IFS= read -r -t 30 line <&"${ECHO[0]}" || fail "the echo server did not start"
target=$(sed -n 's/^listening on \([0-9.:]*\) .*/\1/p' <<<"$line")
[ -n "$target" ] || fail "echo server said: $line"
hold echo "$target" "$server_pid"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=

# livechat serve, the administrator's token on every WebSocket.
. "$root/tests/load/start_server.sh"
start_server "$livechat" "$tmp"
hold livechat "${url#http://}" "$server_pid" --token-file "$tmp/admin.token"
# livechat greets each socket: the hello is read before the round trips.
jq -e '.frames_before_round_trips == 200' "$tmp/livechat.json" >/dev/null \
  || fail "livechat: $(jq -c .frames_before_round_trips "$tmp/livechat.json") hellos"
echo "capacity tools: ok"
