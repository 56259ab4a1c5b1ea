#!/usr/bin/env bash
# `livechat load`'s smoke run: a real `livechat serve` on a free loopback
# port with only its administrator, and `livechat load` playing
# tests/load/smoke.yaml against it for about 20 s (speed 60): the load run
# provisions the scenario through the admin API, every arrival is answered
# or accounted for, nothing is left open, no error, and the scenario's
# thresholds (latency included) hold. Then a second run against the same,
# now provisioned, server checks instead of creating.
# Usage: smoke_test.sh LIVECHAT ROOT
set -euo pipefail
livechat=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-load-smoke.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$root/tests/load/start_server.sh"
start_server "$livechat" "$tmp"

fail() {
  echo "smoke: $*" >&2
  cat "$tmp/load.err" >&2 || true
  exit 1
}

"$livechat" load "$root/tests/load/smoke.yaml" --target "$url" \
  --token-file "$tmp/admin.token" --speed 60 --drain 60s \
  --json "$tmp/load.json" --html "$tmp/load.html" \
  >"$tmp/load.out" 2>"$tmp/load.err" || fail "livechat load exited with $?"
cat "$tmp/load.out"
grep -q "provisioned 49 users, 4 groups, 2 live chats" "$tmp/load.err" \
  || fail "the load run did not provision the scenario"
grep -q "time to assign p99" "$tmp/load.err" || fail "no progress lines"

jq -e '.unfinished == 0 and .errors == {} and .interrupted == false' \
  "$tmp/load.json" >/dev/null || fail "sessions left open or errors: $(jq -c '{unfinished, errors}' "$tmp/load.json")"
for chat in helpdesk web; do
  jq -e --arg c "$chat" '.live_chats[] | select(.name == $c)
    | .offered >= 5 and .errors == {}
      and .answered + .abandoned + .rejected == .offered
      and .closed + .abandoned + .rejected == .offered
      and .time_to_assign_s.count == .answered
      and .time_to_assign_s.p50 > 0
      and (.snapshots | length) >= 2' "$tmp/load.json" >/dev/null \
    || fail "$chat: counts do not add up: $(jq -c --arg c "$chat" '.live_chats[] | select(.name == $c) | {offered, answered, abandoned, rejected, closed, errors}' "$tmp/load.json")"
done
jq -e '.live_chats[] | select(.name == "helpdesk")
  | .messages > 0 and .delivery_to_operator_s.count > 0
    and .delivery_to_customer_s.count > 0' "$tmp/load.json" >/dev/null \
  || fail "helpdesk: no message was delivered"
jq -e '[.thresholds[] | select(.measured) | .holds] | length == 5 and all' \
  "$tmp/load.json" >/dev/null || fail "thresholds: $(jq -c .thresholds "$tmp/load.json")"

# Both chats are watched: the prediction is there, with every serving
# group's holds; the page has two charts per chat and the prediction.
jq -e '.prediction.replications == 40 and (.groups | length) == 2
  and (.prediction.holds | length) == 2
  and (.prediction.holds[] | select(.group == "agents")
       | .sessions > 0 and .held_s > 0)' \
  "$tmp/load.json" >/dev/null || fail "prediction: $(jq -c .prediction "$tmp/load.json")"
[ "$(grep -o '<svg' "$tmp/load.html" | wc -l)" -eq 4 ] \
  || fail "the HTML page does not have 4 charts"
grep -q "Beside the prediction" "$tmp/load.html" \
  || fail "the HTML page has no prediction"

# Against the provisioned server: checked, not created again; a short run.
"$livechat" load "$root/tests/load/smoke.yaml" --target "$url" \
  --token-file "$tmp/admin.token" --speed 60 --duration 3s -q \
  2>"$tmp/load.err" || fail "the second run exited with $?"
grep -q "provisioned" "$tmp/load.err" && fail "the second run provisioned again"
echo "smoke: ok"
