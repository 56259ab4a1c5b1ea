#!/usr/bin/env bash
# `livechat plan`: the reports, the exit codes (0 met, 1 not met within
# --max, 2 bad input) and the errors.
set -uo pipefail
livechat="$1"
root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
small="$root/tests/cli/plan-small.yaml"

out=$("$livechat" plan "$small" -r 6 --json "$tmp/p.json" --html "$tmp/p.html" --csv "$tmp/csv")
code=$?
[ "$code" -eq 0 ] || fail "plan exit $code, want 0: $out"
[[ "$out" == *"group agents"*"Erlang C"*"required"* ]] || fail "terminal table: $out"
for key in '"group": "agents"' '"interval_start_s"' '"erlang_c"' '"erlang_a"' \
           '"required"' '"positions"' '"achieved"' '"volume"' '"operator_hours"'; do
  grep -q -- "$key" "$tmp/p.json" || fail "JSON lacks $key"
done
head -1 "$tmp/p.html" | grep -q '<!DOCTYPE html>' || fail "HTML doctype"
grep -q '<svg' "$tmp/p.html" || fail "HTML has no chart"
[ -s "$tmp/csv/plan.csv" ] || fail "no plan.csv"
[ "$(wc -l < "$tmp/csv/plan.csv")" -eq 5 ] || fail "plan.csv: header + 4 intervals"
"$livechat" plan "$small" -r 6 -t 1 -q --json "$tmp/p1.json" || fail "1-thread plan"
cmp -s "$tmp/p.json" "$tmp/p1.json" || fail "plan JSON differs between thread counts"

out=$("$livechat" plan "$small" -r 6 --max 2 -q 2>&1)
code=$?
[ "$code" -eq 1 ] || fail "--max 2: exit $code, want 1"
[[ "$out" == *"not met: agents, interval from"*"--max 2"* ]] || fail "unmet not reported: $out"

out=$("$livechat" plan "$small" --target "abandon_rate >= 0.1" 2>&1)
[ $? -eq 2 ] || fail "bad --target should exit 2"
[[ "$out" == *"abandon_rate is a maximum"* ]] || fail "bad target message: $out"
out=$("$livechat" plan "$small" --target "wait.p42 <= 1m" 2>&1)
[ $? -eq 2 ] || fail "--target on an unknown metric should exit 2"
[[ "$out" == *"unknown metric 'wait.p42'"* ]] || fail "unknown target metric message: $out"
out=$("$livechat" plan "$root/scenarios/erlang-c.yaml" 2>&1)
[ $? -eq 2 ] || fail "no targets should exit 2"
[[ "$out" == *"no targets to plan for"* ]] || fail "no-targets message: $out"
"$livechat" plan "$small" --shrinkage 1 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--shrinkage 1 should exit 2"
"$livechat" plan "$small" --interval 0s >/dev/null 2>&1
[ $? -eq 2 ] || fail "--interval 0s should exit 2"
"$livechat" plan --help | grep -q -- "--shrinkage" || fail "--help"
echo "plan: ok"
