#!/usr/bin/env bash
# Runs the worked session of docs/api.md, as written, against a real
# `livechat serve --scenario scenarios/internal-external.yaml` on a free
# loopback port with a fresh database, then checks what it printed and that
# `livechat export` finds the sessions.
# Usage: worked_session_test.sh LIVECHAT ROOT
set -euo pipefail
livechat=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-worked.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

coproc SERVER {
  exec "$livechat" serve --scenario "$root/scenarios/internal-external.yaml" \
    --db "$tmp/demo.db" --admin-token-file "$tmp/admin.token" \
    --listen 127.0.0.1:0 2>"$tmp/server.log"
}
server_pid=$SERVER_PID
url=
# Bounded: the server prints its address within a few lines, or fails.
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

# The block between the markers, without its code fence.
awk '/<!-- worked-session:begin -->/ {on = 1; next}
     /<!-- worked-session:end -->/ {on = 0}
     on && !/^```/' "$root/docs/api.md" >"$tmp/session.sh"
[ -s "$tmp/session.sh" ] || { echo "docs/api.md has no worked session" >&2; exit 1; }

cd "$root"
LIVECHAT_URL=$url LIVECHAT=$livechat ADMIN_TOKEN_FILE=$tmp/admin.token \
  bash "$tmp/session.sh" >"$tmp/out.txt" 2>&1 || {
  cat "$tmp/out.txt" >&2
  echo "the worked session failed" >&2
  exit 1
}
expect() { # TEXT: must appear in the session's output
  grep -qF -- "$1" "$tmp/out.txt" || {
    cat "$tmp/out.txt" >&2
    echo "the worked session did not print: $1" >&2
    exit 1
  }
}
expect '"type":"transcript"'
expect '"my invoice is wrong"'
expect '"transferred"'
expect '"state": "closed"'
expect '"opened":true'
expect 'livechat_queue_length{chat="internal"} 0'

kill -TERM "$server_pid"
wait "$server_pid" || { cat "$tmp/server.log" >&2; echo "the server did not stop cleanly" >&2; exit 1; }
server_pid=
sessions=$("$livechat" export --db "$tmp/demo.db" | wc -l)
[ "$sessions" -eq 2 ] || { echo "export found $sessions sessions, expected 2" >&2; exit 1; }
echo "worked session ok"
