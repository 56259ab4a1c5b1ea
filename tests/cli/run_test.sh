#!/usr/bin/env bash
# `livechat run`: JSON report with the documented fields, byte-identical for
# any --threads; CSV tables; routing comparison; trace arrivals; exit 1 on a
# breached threshold, 2 on bad input.
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

# CSV tables: one row per session of every replication, streamed in
# replication order whatever --threads.
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 3 -t 2 -q --csv "$tmp/csv2" \
  || fail "csv run exit $?"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 3 -t 1 -q --csv "$tmp/csv1" \
  || fail "csv run (1 thread) exit $?"
for f in sessions live_chats groups operators timeseries; do
  [ -s "$tmp/csv2/$f.csv" ] || fail "no $f.csv"
  cmp -s "$tmp/csv1/$f.csv" "$tmp/csv2/$f.csv" || fail "$f.csv differs between 1 and 2 threads"
done
head -1 "$tmp/csv2/sessions.csv" | grep -q '^replication,session,live_chat,customer,arrived_s,outcome,wait_s' \
  || fail "sessions.csv header"
cut -d, -f1 "$tmp/csv2/sessions.csv" | tail -n +2 | uniq | tr '\n' ' ' | grep -qx '0 1 2 ' \
  || fail "sessions.csv not in replication order"
rows=$(($(wc -l < "$tmp/csv2/sessions.csv") - 1))
offered=$(grep -c ',answered,\|,abandoned,\|,rejected,' "$tmp/csv2/sessions.csv")
[ "$rows" -eq "$offered" ] || fail "sessions.csv: $rows rows, $offered ended sessions"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 2 -q --csv /proc/no/such >/dev/null 2>&1
[ $? -eq 2 ] || fail "unwritable --csv directory should exit 2"

# HTML report: one self-contained page with its charts.
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 2 -q --html "$tmp/a.html" || fail "html run exit $?"
head -1 "$tmp/a.html" | grep -q '<!DOCTYPE html>' || fail "HTML doctype"
[ "$(grep -c '<svg' "$tmp/a.html")" -ge 4 ] || fail "HTML has too few charts"
grep -q 'src=\|<script' "$tmp/a.html" && fail "HTML is not self-contained"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 2 -q --html /proc/no/such.html >/dev/null 2>&1
[ $? -eq 2 ] || fail "unwritable --html should exit 2"

# Routing comparison: same arrivals under each policy, side by side.
out=$("$livechat" run "$root/scenarios/erlang-a.yaml" -r 2 --compare-routing longest_idle,fixed_order \
      --json "$tmp/cmp.json" --csv "$tmp/cmp") || fail "compare run exit $?"
[[ "$out" == *"routing policies compared"*"fixed_order"* ]] || fail "comparison not printed: $out"
grep -q '"comparison"' "$tmp/cmp.json" || fail "JSON lacks comparison"
grep -q '"routing": "fixed_order"' "$tmp/cmp.json" || fail "JSON comparison lacks fixed_order"
grep -q '^fixed_order,agents,' "$tmp/cmp/groups.csv" || fail "groups.csv lacks the policy rows"
grep -q '"comparison"' "$tmp/a.json" && fail "comparison in a run that did not ask for it"
out=$("$livechat" run "$root/scenarios/erlang-a.yaml" --compare-routing longest_idle,fastest 2>&1)
[ $? -eq 2 ] || fail "unknown policy should exit 2"
[[ "$out" == *"unknown policy 'fastest'"* ]] || fail "unknown policy message: $out"

# Trace arrivals, resolved next to the scenario file: deterministic waits.
"$livechat" run "$root/tests/cli/trace/trace.yaml" -q --csv "$tmp/trace" || fail "trace run exit $?"
grep -q '^0,4,line,[^,]*,60.000,answered,90.000,' "$tmp/trace/sessions.csv" \
  || fail "trace session 4 should wait 90 s: $(cat "$tmp/trace/sessions.csv")"
out=$("$livechat" run "$root/tests/cli/trace/missing-trace.yaml" 2>&1)
[ $? -eq 2 ] || fail "missing trace file should exit 2"
[[ "$out" == *"missing-trace.yaml:9:15: cannot read trace file"* ]] || fail "missing trace message: $out"
out=$("$livechat" validate "$root/tests/cli/trace/bad-trace.yaml" 2>&1)
[ $? -eq 2 ] || fail "bad trace line should exit 2"
[[ "$out" == *"bad.csv:3:1: invalid duration 'soon'"* ]] || fail "bad trace message: $out"

# Live mode: the same actors in real time (an hour in 6 s of wall time); the
# outcome of the trace is the same, and wall-clock routing latency is
# reported, one sample per arrival. (A loaded run once ended while the last
# open was on its way to the domain, and lost its sample: a workload is now
# done only once its opens are answered.)
"$livechat" run "$root/tests/cli/trace/trace.yaml" --mode live --speed 600 -q \
  --json "$tmp/live.json" || fail "live run exit $?"
grep -q '"mode": "live"' "$tmp/live.json" || fail "live JSON mode"
grep -q '"routing_latency_s"' "$tmp/live.json" || fail "live JSON lacks routing_latency_s"
grep -A1 '"offered"' "$tmp/live.json" | head -2 | grep -q '"mean": 6.0' || fail "live run lost arrivals"
grep -A1 '"answered"' "$tmp/live.json" | head -2 | grep -q '"mean": 6.0' || fail "live run left sessions unanswered"
grep -q '"samples": 12' "$tmp/live.json" || fail "latency samples: want 12 (2 x 6)"
grep -q '"routing_latency_s"' "$tmp/a.json" && fail "routing latency in a virtual-time run"
"$livechat" run "$root/scenarios/erlang-a.yaml" --speed 10 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--speed without --mode live should exit 2"
"$livechat" run "$root/scenarios/erlang-a.yaml" --mode live --speed -1 >/dev/null 2>&1
[ $? -eq 2 ] || fail "negative --speed should exit 2"
"$livechat" run "$root/scenarios/erlang-a.yaml" --mode fast >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown --mode should exit 2"

out=$("$livechat" run "$root/tests/cli/breach.yaml" 2>&1)
code=$?
[ "$code" -eq 1 ] || fail "breached threshold: exit $code, want 1"
[[ "$out" == *"threshold breached: wait.p99 < 1s on line"* ]] || fail "breach not printed: $out"
[[ "$out" == *"ok       abandon_rate < 0.5"* ]] || fail "holding threshold not listed: $out"

out=$("$livechat" run "$root/tests/cli/unknown-metric.yaml" 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "unknown metric: exit $code, want 2"
[[ "$out" == *"unknown-metric.yaml:9:"*"unknown metric 'wait.p42'"* ]] || fail "unknown metric message: $out"
# ... found when the file is loaded, before any simulation: no report at all.
out=$("$livechat" run "$root/tests/cli/unknown-metric.yaml" --json "$tmp/unknown.json" 2>&1)
[ $? -eq 2 ] || fail "unknown metric with --json should exit 2"
[[ "$out" == *"nothing was run"* ]] || fail "unknown metric: not stopped before running: $out"
[[ "$out" == *"scenario 'unknown-metric'"* ]] && fail "unknown metric: a report was printed: $out"
[ -e "$tmp/unknown.json" ] && fail "unknown metric: a JSON report was written"
# A threshold may name a metric by its JSON path: wait_s.p99 is wait.p99.
sed 's/"wait.p99 < 1s"/"wait_s.p99 < 1s"/' "$root/tests/cli/breach.yaml" > "$tmp/alias.yaml"
out=$("$livechat" run "$tmp/alias.yaml" 2>&1)
code=$?
[ "$code" -eq 1 ] || fail "breached alias threshold: exit $code, want 1: $out"
[[ "$out" == *"threshold breached: wait_s.p99 < 1s on line"* ]] || fail "alias threshold not checked: $out"

"$livechat" run "$root/tests/cli/bad-scenario.yaml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad scenario should exit 2"
"$livechat" run "$root/scenarios/erlang-a.yaml" -r 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--replications 0 should exit 2"
"$livechat" run --help | grep -q -- "--replications" || fail "--help"
echo "run: ok"
