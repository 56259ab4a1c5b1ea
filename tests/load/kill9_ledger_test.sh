#!/usr/bin/env bash
# kill -9 under load: `livechat load --ledger` records every write the
# server acknowledged; the server is killed with SIGKILL in the middle of
# the run, started again on the same database and stopped; then `livechat
# export` must hold every acknowledged session, and every acknowledged
# message (found by its text, "load message N", N from the ledger).
# Usage: kill9_ledger_test.sh LIVECHAT ROOT
set -euo pipefail
livechat=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-load-kill9.XXXXXX")
server_pid=
load_pid=
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$root/tests/load/start_server.sh"
start_server "$livechat" "$tmp"

fail() {
  echo "kill9: $*" >&2
  cat "$tmp/load.err" >&2 || true
  exit 1
}

mkfifo "$tmp/progress"
"$livechat" load "$root/tests/load/smoke.yaml" --target "$url" \
  --token-file "$tmp/admin.token" --speed 120 --duration 10s --drain 5s \
  --predict 0 --ledger "$tmp/ledger.jsonl" >/dev/null 2>"$tmp/progress" &
load_pid=$!
exec 3<"$tmp/progress"
killed=
while IFS= read -r -t 120 line <&3; do
  echo "$line" >>"$tmp/load.err"
  if [ -z "$killed" ] && [[ $line == *"     5 s "* ]]; then
    kill -9 "$server_pid"
    killed=yes
  fi
done
exec 3<&-
wait "$load_pid" || true # the run saw its server die: errors, any status
load_pid=
[ -n "$killed" ] || fail "the load run never reported 5 s of progress"
wait "$server_pid" 2>/dev/null || true
server_pid=

sessions=$(grep -c '"kind":"session"' "$tmp/ledger.jsonl" || true)
messages=$(grep -c '"kind":"message"' "$tmp/ledger.jsonl" || true)
[ "$sessions" -ge 5 ] && [ "$messages" -ge 5 ] \
  || fail "too little was acknowledged before the kill: $sessions sessions, $messages messages"

# Started again on the same database, stopped cleanly, exported.
start_server "$livechat" "$tmp"
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
"$livechat" export --db "$tmp/server.db" >"$tmp/export.jsonl" \
  || fail "livechat export failed"
jq -s '[.[] | {key: (.id | tostring), value: [.messages[].text]}] | from_entries' \
  "$tmp/export.jsonl" >"$tmp/stored.json"
missing=$(jq -c --slurpfile stored "$tmp/stored.json" '
  ($stored[0][.session | tostring]) as $texts
  | "load message \(.message)" as $text
  | select($texts == null
           or (.kind == "message" and ($texts | any(.[]; . == $text) | not)))' \
  "$tmp/ledger.jsonl")
[ -z "$missing" ] || fail "acknowledged but not stored: $missing"
echo "kill9: all $sessions acknowledged sessions and $messages acknowledged messages are stored"
