#!/usr/bin/env bash
# `livechat run`: JSON report with the documented fields, byte-identical for
# any --threads; exit 1 on a breached threshold, 2 on bad input.
set -uo pipefail
livechat="$1"
root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$livechat" run "$root/scenarios/erlang-a.yaml" -r 4 -t 1 -q --json "$tmp/a.json" \
  || fail "erlang-a run exit $?"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 4 -t 2 -q --json "$tmp/b.json" \
  || fail "erlang-a run (2 threads) exit $?"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "JSON differs between 1 and 2 threads"
for key in '"scenario": "erlang-a"' '"seed": 11' '"replications": 4' '"mode": "sim"' \
           '"live_chats"' '"groups"' '"abandon_rate"' '"wait_s"' '"p99"' \
           '"asa_answered_s"' '"asa_all_s"' '"service_level"' '"threshold_s": 20.0' \
           '"excl_short_abandons"' '"virtual"' '"occupancy"' '"fairness"' \
           '"busy_time"' '"jain"' '"gini"' '"max_min"' '"operators"' '"busy_s"' \
           '"online_s"' '"ci95"'; do
  grep -q -- "$key" "$tmp/a.json" || fail "JSON lacks $key"
done
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 4 -s 99 -q --json "$tmp/c.json" || fail "seed run"
grep -q '"seed": 99' "$tmp/c.json" || fail "--seed not applied"
cmp -s "$tmp/a.json" "$tmp/c.json" && fail "another seed gave the same report"

out=$("$livechat" run "$root/tests/cli/breach.yaml" 2>&1)
code=$?
[ "$code" -eq 1 ] || fail "breached threshold: exit $code, want 1"
[[ "$out" == *"threshold breached: wait.p99 < 1s on line"* ]] || fail "breach not printed: $out"
[[ "$out" == *"ok       abandon_rate < 0.5"* ]] || fail "holding threshold not listed: $out"

out=$("$livechat" run "$root/tests/cli/unknown-metric.yaml" 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "unknown metric: exit $code, want 2"
[[ "$out" == *"unknown-metric.yaml:9:"*"unknown metric 'wait.p42'"* ]] || fail "unknown metric message: $out"

"$livechat" run "$root/tests/cli/bad-scenario.yaml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad scenario should exit 2"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--replications 0 should exit 2"
"$livechat" run --help | grep -q -- "--replications" || fail "--help"
echo "run: ok"
