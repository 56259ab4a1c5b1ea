# Sourced by the load tests: start_server LIVECHAT DIR starts `livechat
# serve` on a free loopback port with a new database in DIR (only its
# administrator; token in DIR/admin.token, log in DIR/server.log) and sets
# server_pid and url. A generous rate limit: the bots of a load run share
# the administrator's token for the channel endpoint.
start_server() {
  local livechat=$1 dir=$2 line
  coproc SERVER {
    exec "$livechat" serve --db "$dir/server.db" \
      --admin-token-file "$dir/admin.token" --listen 127.0.0.1:0 \
      --rate-per-second 10000 --rate-burst 10000 2>>"$dir/server.log"
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
  [ -n "$url" ] || { cat "$dir/server.log" >&2; echo "the server did not start" >&2; exit 1; }
}
