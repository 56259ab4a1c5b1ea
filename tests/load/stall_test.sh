#!/usr/bin/env bash
# No coordinated omission: the server is stopped with SIGSTOP for 3.5 s in
# the middle of a load run. The generator keeps sending on schedule and
# measures from each event's intended time, so the report shows the stall:
# the largest time to assignment or delivery is at least 3 s, and the
# arrivals it held up are counted (`over_1s`). A closed-loop generator,
# which waits for each answer before sending the next request, would have
# sent nothing during the stall and measured none of it.
# Usage: stall_test.sh LIVECHAT ROOT
set -euo pipefail
livechat=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-load-stall.XXXXXX")
server_pid=
load_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -CONT "$server_pid" 2>/dev/null || true
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$root/tests/load/start_server.sh"
start_server "$livechat" "$tmp"

fail() {
  echo "stall: $*" >&2
  cat "$tmp/load.err" >&2 || true
  exit 1
}

mkfifo "$tmp/progress"
"$livechat" load "$root/tests/load/smoke.yaml" --target "$url" \
  --token-file "$tmp/admin.token" --speed 120 --duration 14s --drain 60s \
  --json "$tmp/load.json" >"$tmp/load.out" 2>"$tmp/progress" &
load_pid=$!
# The load run's progress, copied to a file; its first line after 5 s of
# arrivals is the signal to stop the server.
exec 3<"$tmp/progress"
stalled=
while IFS= read -r -t 120 line <&3; do
  echo "$line" >>"$tmp/load.err"
  if [ -z "$stalled" ] && [[ $line == *"     5 s "* ]]; then
    kill -STOP "$server_pid"
    # The stall itself: the server is stopped for 3.5 s of wall time.
    sleep 3.5
    kill -CONT "$server_pid"
    stalled=yes
  fi
done
exec 3<&-
status=0
wait "$load_pid" || status=$?
load_pid=
[ -n "$stalled" ] || fail "the load run never reported 5 s of progress"
[ "$status" -le 1 ] || fail "livechat load exited with $status"
cat "$tmp/load.out"

worst=$(jq '[.live_chats[] | .time_to_assign_s.max, .delivery_s.max] | max' "$tmp/load.json")
held=$(jq '[.live_chats[] | .time_to_assign_s.over_1s] | add' "$tmp/load.json")
late=$(jq '[.live_chats[] | .late_arrivals] | add' "$tmp/load.json")
echo "stall: worst latency ${worst} s, ${held} arrivals assigned after more than 1 s, ${late} sent late"
awk -v w="$worst" 'BEGIN { exit !(w >= 3.0) }' || fail "the 3.5 s stall does not show: worst latency $worst s"
[ "$held" -ge 1 ] || fail "no arrival counted as held up by the stall"
jq -e '.unfinished == 0' "$tmp/load.json" >/dev/null || fail "sessions left open"
echo "stall: ok"
