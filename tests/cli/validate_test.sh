#!/usr/bin/env bash
# `livechat validate`: exit 0 and a summary for every shipped scenario; exit 2
# and file:line:column diagnostics for a bad one; exit 2 for usage errors.
set -uo pipefail
livechat="$1"
root="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

for f in "$root"/scenarios/*.yaml; do
  out=$("$livechat" validate "$f" 2>&1) || fail "$f: exit $? ($out)"
  [[ "$out" == *": ok: scenario "* ]] || fail "$f: no summary: $out"
done

bad="$root/tests/cli/bad-scenario.yaml"
out=$("$livechat" validate "$bad" 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "bad scenario: exit $code, want 2"
for want in "bad-scenario.yaml:2:10: " "bad-scenario.yaml:6:" "unknown group 'hr2'" \
            "nothing was run"; do
  [[ "$out" == *"$want"* ]] || fail "bad scenario: missing '$want' in: $out"
done

# A threshold naming an unknown metric: exit 2 at its position with the
# known names, from validate, run and plan alike, before anything runs.
unknown="$root/tests/cli/unknown-metric.yaml"
for cmd in validate run plan; do
  out=$("$livechat" "$cmd" "$unknown" 2>&1)
  code=$?
  [ "$code" -eq 2 ] || fail "$cmd, unknown metric: exit $code, want 2"
  for want in "unknown-metric.yaml:9:14: threshold 'wait.p42 < 1m' names unknown metric 'wait.p42'" \
              "known metrics: offered, answered," "wait.p99" "asa_all" "fairness.handled.jain" \
              "nothing was run"; do
    [[ "$out" == *"$want"* ]] || fail "$cmd, unknown metric: missing '$want' in: $out"
  done
done

"$livechat" validate >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing FILE should exit 2"
"$livechat" validate --bogus x >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option should exit 2"
"$livechat" frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown command should exit 2"
"$livechat" validate "$root/tests/cli/does-not-exist.yaml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing file should exit 2"
"$livechat" --help | grep -q "validate" || fail "--help lists validate"
echo "validate: ok"
