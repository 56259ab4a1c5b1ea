#!/usr/bin/env bash
# Capacity of one machine (docs/BENCHMARKS.md, issue 14): `livechat load`
# against a fresh `livechat serve` on loopback, one step per speed, server
# and generator on the same machine.
#
# Usage: scripts/capacity.sh sessions [SPEED...]
#          sessions per second (bench/scenarios/capacity-sessions.yaml:
#          speed S is S sessions/s); the figure is time to assignment.
#        scripts/capacity.sh messages [SPEED...]
#          message round trips per second (capacity-messages.yaml: 200
#          conversations, about 100 x S round trips/s); the figure is
#          delivery, both directions.
# Each step runs $REPEATS times (default 3): each run a new server and
# database, 20 s of arrivals, a short drain, no prediction. Prints one row
# per run: the rate achieved, the figure's p50/p99/max, late arrivals,
# errors, and the CPU seconds of the server and of the generator; then the
# highest step at which every run kept its p99 under 10 ms (one lucky run
# does not make a capacity).
#        scripts/capacity.sh connections [N]
#          N WebSockets (default 19000) held by bench/capacity/ws_hold,
#          first on ws_echo_server (the floor), then on `livechat serve`,
#          each a new process: server memory per connection, 3 rounds of
#          pings over all of them, and the ratio of the two.
# Needs scripts/build.sh (uses build/cli/livechat, or $LIVECHAT).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
livechat=${LIVECHAT:-$root/build/cli/livechat}
[ -x "$livechat" ] || { echo "capacity: build first (scripts/build.sh)" >&2; exit 2; }
command -v jq >/dev/null || { echo "capacity: needs jq (scripts/setup.sh)" >&2; exit 2; }
mode=${1:-}
shift || true
repeats=${REPEATS:-3}
[[ $repeats =~ ^[1-9][0-9]*$ ]] || { echo "capacity: REPEATS must be 1 or more" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "capacity: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
case $mode in
  sessions)
    scenario=$root/bench/scenarios/capacity-sessions.yaml
    speeds=${*:-200 400 600 800 1000 1200 1600}
    ;;
  messages)
    scenario=$root/bench/scenarios/capacity-messages.yaml
    speeds=${*:-5 10 15 20 30}
    ;;
  connections)
    connections=${1:-19000}
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
# shellcheck source=../tests/load/start_server.sh
. "$root/tests/load/start_server.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/livechat-capacity.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cpu_seconds() { # utime + stime of a live process, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}

if [ "$mode" = connections ]; then
  bench=$(dirname "$livechat")/../bench/capacity
  for tool in ws_hold ws_echo_server; do
    [ -x "$bench/$tool" ] || { echo "capacity: no $bench/$tool (scripts/build.sh)" >&2; exit 2; }
  done
  echo "capacity connections: $connections WebSockets, $(nproc) cores, $(date -u +%F)"
  # hold NAME TARGET [ws_hold options]: one run on the server $server_pid.
  hold() {
    local name=$1 target=$2
    shift 2
    "$bench/ws_hold" --target "$target" --connections "$connections" \
      --server-pid "$server_pid" --round-trips 3 --timeout-seconds 300 \
      --json "$work/$name.json" "$@" >"$work/$name.out" 2>&1 \
      || { cat "$work/$name.out" >&2; echo "capacity: ws_hold on $name failed" >&2; exit 1; }
  }
  coproc ECHO { exec "$bench/ws_echo_server" --listen 127.0.0.1:0 2>"$work/echo.log"; }
  server_pid=$ECHO_PID
  line=
  IFS= read -r -t 30 line <&"${ECHO[0]}" || true
  echo_target=$(sed -n 's/^listening on \([0-9.:]*\) .*/\1/p' <<<"$line")
  [ -n "$echo_target" ] || { echo "capacity: the echo server did not start" >&2; exit 1; }
  hold echo "$echo_target"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  mkdir -p "$work/serve"
  start_server "$livechat" "$work/serve"
  hold livechat "${url#http://}" --token-file "$work/serve/admin.token"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=
  printf '%-9s %7s %12s %12s %15s %13s %9s %9s\n' server opened "RSS/conn B" \
    "Pss/conn B" "+pings/conn B" "round trips/s" "rt p50" "rt p99"
  for name in echo livechat; do
    jq -r --arg n "$name" --argjson c "$connections" '[$n, .connections_opened,
      (.bytes_per_connection.vmrss | round), (.bytes_per_connection.pss | round),
      ((.server_memory.after_round_trips.vmrss_kib
        - .server_memory.all_open.vmrss_kib) * 1024 / $c | round),
      (.round_trips.per_second | round),
      "\(.round_trips.latency_ms.p50 | round) ms",
      "\(.round_trips.latency_ms.p99 | round) ms"] | @tsv' "$work/$name.json"
  done | while IFS=$'\t' read -r a b c d e f g h; do
    printf '%-9s %7s %12s %12s %15s %13s %9s %9s\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h"
  done
  jq -rn --slurpfile e "$work/echo.json" --slurpfile l "$work/livechat.json" \
    '[$l[0].bytes_per_connection.vmrss / $e[0].bytes_per_connection.vmrss,
      $l[0].round_trips.per_second / $e[0].round_trips.per_second] | @tsv' \
    | awk -F'\t' '{ printf "livechat / echo: memory per connection x%.2f, round trips/s x%.2f\n", $1, $2 }'
  echo "(a round trip: {\"type\":\"ping\"} answered, every connection at once, 3 rounds)"
  exit 0
fi

echo "capacity $mode: $(basename "$scenario"), $(nproc) cores, $(date -u +%F), $repeats runs a step"
if [ "$mode" = sessions ]; then
  header=("sessions/s" "tta p50" "tta p99" "tta max")
else
  header=("round trips/s" "dlv p50" "dlv p99" "dlv max")
fi
row() { printf '%6s %4s %13s %9s %9s %9s %5s %6s %10s %10s\n' "$@"; }
row speed run "${header[@]}" late errors "server cpu" "load cpu"
best=
for speed in $speeds; do
  passed=0
  for run in $(seq 1 "$repeats"); do
    step=$work/$speed-$run
    mkdir -p "$step"
    start_server "$livechat" "$step"
    status=0
    /usr/bin/time -f '%U %S' -o "$step/load.time" \
      "$livechat" load "$scenario" --target "$url" \
      --token-file "$step/admin.token" --speed "$speed" --duration 20s \
      --drain 10s --predict 0 -q --json "$step/load.json" \
      2>"$step/load.err" || status=$?
    server_cpu=$(cpu_seconds "$server_pid")
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    if [ ! -s "$step/load.json" ]; then
      echo "capacity: the load run at speed $speed failed (exit $status):" >&2
      cat "$step/load.err" >&2
      exit 1
    fi
    # The last line: time(1) writes "Command exited with non-zero status"
    # first when the load run breached a threshold.
    load_cpu=$(awk 'END { printf "%.1f", $1 + $2 }' "$step/load.time")
    chat='.live_chats[0]'
    errors=$(jq "[$chat.errors[]] + [.errors[]] | add // 0" "$step/load.json")
    ms() { jq -r "$1 * 1000 | . * 100 | round / 100" "$step/load.json"; }
    if [ "$mode" = sessions ]; then
      rate=$(jq -r "$chat.sessions_per_s | . * 10 | round / 10" "$step/load.json")
      figure=$chat.time_to_assign_s
    else
      # Steady state: the 10 s snapshots after the first (the conversations
      # open in it) up to the last whole one; two deliveries a round trip.
      rate=$(jq -r --argjson w "$(jq .wall_s "$step/load.json")" \
        "[$chat.snapshots[] | select(.start_s >= 10 and .start_s + 10 <= \$w)
          | .delivery_s.count] | if length == 0 then 0
          else (add / length / 10 / 2 | round) end" "$step/load.json")
      figure=$chat.delivery_s
    fi
    p99=$(ms "$figure.p99")
    row "$speed" "$run" "$rate" "$(ms "$figure.p50")" "$p99" \
      "$(ms "$figure.max")" "$(jq "$chat.late_arrivals" "$step/load.json")" \
      "$errors" "$server_cpu" "$load_cpu"
    # A run passes with samples, no error, p99 under 10 ms, and (sessions)
    # every session ended: an empty histogram's p99 of 0 proves nothing.
    measured=$(jq "$figure.count > 0 and (\$mode != \"sessions\" or .unfinished == 0)" \
      --arg mode "$mode" "$step/load.json")
    if [ "$measured" = true ] && [ "$errors" = 0 ] \
      && awk -v p="$p99" 'BEGIN { exit !(p < 10) }'; then
      passed=$((passed + 1))
    fi
  done
  if [ "$passed" = "$repeats" ]; then
    best="speed $speed ($rate ${header[0]} in the last run)"
  fi
done
echo "(latencies in ms, wall time from the intended time; cpu in seconds)"
echo "highest speed at which every run kept p99 under 10 ms without errors: ${best:-none}"
