#!/usr/bin/env bash
# kill -9 during traffic: every write the server acknowledged is in the
# database when it starts again, and every waiting session is back in its
# queue, in its order. A real `livechat serve` on a free loopback
# port; traffic from a bounded loop of curl calls, each recorded only when
# the server answered it with success.
# Usage: kill9_test.sh LIVECHAT ROOT
set -euo pipefail
livechat=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-kill9.XXXXXX")
server_pid=
traffic_pid=
cleanup() {
  [ -n "$traffic_pid" ] && kill "$traffic_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

start_server() { # sets server_pid and url
  coproc SERVER {
    exec "$livechat" serve --scenario "$root/scenarios/internal-external.yaml" \
      --db "$tmp/kill9.db" --admin-token-file "$tmp/admin.token" \
      --listen 127.0.0.1:0 --rate-per-second 10000 --rate-burst 10000 \
      2>>"$tmp/server.log"
  }
  server_pid=$SERVER_PID
  url=
  for _ in $(seq 1 10); do
    IFS= read -r -t 30 line <&"${SERVER[0]}" || break
    case $line in
      *"listening on http://"*)
        url=${line#*listening on }
        url=${url%%/ *}
        break
        ;;
    esac
  done
  [ -n "$url" ] || { cat "$tmp/server.log" >&2; echo "the server did not start" >&2; exit 1; }
}

api() { # METHOD PATH TOKEN [BODY]
  curl -sS --max-time 10 --fail-with-body -X "$1" -H "Authorization: Bearer $3" \
    ${4:+-d "$4"} "$url$2"
}

start_server
admin=$(cat "$tmp/admin.token")
employee=$(api GET /api/v1/users "$admin" | jq '.[] | select(.name == "employees-1") | .id')
token=$(api POST "/api/v1/users/$employee/tokens" "$admin" | jq -r .token)
supervisor=$(api GET /api/v1/users "$admin" | jq '.[] | select(.name == "sveta") | .id')
sveta=$(api POST "/api/v1/users/$supervisor/tokens" "$admin" | jq -r .token)

# Traffic: sessions opened and written to, each acknowledged one recorded.
# After ten of them it says so on a FIFO, and the server dies mid-traffic.
mkfifo "$tmp/ten"
(
  for i in $(seq 1 150); do
    s=$(api POST /api/v1/live-chats/0/sessions "$token" 2>/dev/null | jq -r '.id // empty') || break
    [ -n "$s" ] || break
    echo "session $s" >>"$tmp/acked"
    api POST "/api/v1/sessions/$s/messages" "$token" "{\"text\": \"message $i\"}" \
      >/dev/null 2>&1 || break
    echo "message $s message $i" >>"$tmp/acked"
    [ "$i" -eq 10 ] && echo ten >"$tmp/ten"
  done
) &
traffic_pid=$!
read -r -t 60 _ <"$tmp/ten" || { echo "the traffic did not get going" >&2; exit 1; }
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
wait "$traffic_pid" 2>/dev/null || true
traffic_pid=
acked=$(grep -c '^session' "$tmp/acked" || true)
[ "$acked" -ge 1 ] || { echo "no traffic was acknowledged before the kill" >&2; exit 1; }

start_server
missing=0
while read -r what s rest; do
  body=$(api GET "/api/v1/sessions/$s" "$token") || { echo "session $s: lost" >&2; missing=$((missing + 1)); continue; }
  if [ "$what" = message ]; then
    jq -e --arg t "$rest" '[.messages[].text] | index($t) != null' <<<"$body" >/dev/null \
      || { echo "session $s: lost '$rest'" >&2; missing=$((missing + 1)); }
  fi
done <"$tmp/acked"
[ "$missing" -eq 0 ] || { echo "$missing acknowledged writes lost" >&2; exit 1; }

# Nobody is Online: the acknowledged sessions that wait are in the internal
# chat's queue, in the order they were opened.
expected=
for s in $(awk '$1 == "session" { print $2 }' "$tmp/acked"); do
  state=$(api GET "/api/v1/sessions/$s" "$token" | jq -r .state)
  [ "$state" = waiting ] && expected="$expected $s"
done
[ -n "$expected" ] || { echo "no acknowledged session waits" >&2; exit 1; }
queued=$(api GET /api/v1/live-chats/0/snapshot "$sveta" | jq -r '.waiting[].session')
actual=
for s in $queued; do
  case " $expected " in *" $s "*) actual="$actual $s" ;; esac
done
[ "$actual" = "$expected" ] || {
  echo "queue after the restart:$actual; acknowledged waiting sessions:$expected" >&2
  exit 1
}
echo "kill -9: $(wc -l <"$tmp/acked") acknowledged writes ($acked sessions) all present after the restart, $(wc -w <<<"$expected") waiting ones back in their queue in order"
