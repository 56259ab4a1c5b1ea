#!/usr/bin/env bash
# Does the simulation predict what the server does? (docs/BENCHMARKS.md,
# issue 14.) For each seed, a copy of scenarios/internal-external.yaml with
# that seed is served by a new `livechat serve` and played by `livechat
# load` at a speed where the server is far from saturated; each compared
# figure is set beside 40 simulated replications of the same window.
#
# Usage: scripts/prediction-check.sh [SEED...]   (default: 42 7 1234 99)
#   SPEED (default 120) and DURATION (default 60s) from the environment.
# Prints per seed how many figures fall inside their range of 95 % of
# simulated runs, the largest time to assignment p99, and every line of
# the report marked outside (`!`) with its explanations (`why:`). Exits 1
# if a figure fell outside. Needs scripts/build.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
livechat=${LIVECHAT:-$root/build/cli/livechat}
[ -x "$livechat" ] || { echo "prediction-check: build first (scripts/build.sh)" >&2; exit 2; }
speed=${SPEED:-120}
duration=${DURATION:-60s}
seeds=${*:-42 7 1234 99}
# shellcheck source=../tests/load/start_server.sh
. "$root/tests/load/start_server.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/livechat-prediction.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

outside_total=0
for seed in $seeds; do
  dir=$work/$seed
  mkdir -p "$dir"
  sed "s/^seed: .*/seed: $seed/" "$root/scenarios/internal-external.yaml" \
    >"$dir/scenario.yaml"
  start_server "$livechat" "$dir"
  "$livechat" load "$dir/scenario.yaml" --target "$url" \
    --token-file "$dir/admin.token" --speed "$speed" --duration "$duration" \
    --json "$dir/load.json" >"$dir/load.txt" 2>"$dir/load.err" \
    || [ $? -eq 1 ] || { cat "$dir/load.err" >&2; exit 1; }
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  jq -r --arg seed "$seed" '
    ([.live_chats[].compared[]] + [.groups[].compared[]]) as $all
    | "seed \($seed): \([$all[] | select(.inside)] | length) of \($all | length) figures inside; time to assign p99 \([.live_chats[].time_to_assign_s.p99] | max * 1000 | . * 10 | round / 10) ms"' \
    "$dir/load.json"
  grep -E ' ! *$|why:' "$dir/load.txt" || true
  outside_total=$((outside_total + $(jq .prediction.outside "$dir/load.json")))
done
[ "$outside_total" -eq 0 ]
