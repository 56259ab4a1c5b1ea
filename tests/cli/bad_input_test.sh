#!/usr/bin/env bash
# Bad input never crashes, hangs or gives nonsense: every input of the issue
# "bad input never crashes" through the real `livechat` binary. Each case
# names the exit code it must give and a part of the message; none may abort
# (exit >= 128), throw, or trip a sanitizer. In the ASan/UBSan build this is
# also the check that no overflow is left on these inputs.
set -uo pipefail
livechat="$1"
root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A small valid scenario; the variables replace its parts.
scenario() {
  cat <<YAML
name: t
seed: 7
horizon: ${HORIZON:-1h}
replications: ${REPS:-2}
groups:
  - {name: Administrators, members: [admin]}
  - {name: agents, ${AGENTS:-size: 3}}
live_chats:
  - {name: line, channel: phone, operators: [agents], capacity: ${CAP:-1}}
workload:
  - live_chat: line
    arrivals: {${ARRIVALS:-poisson: 20/h}}
    handle_time: ${HANDLE:-{exponential: 3m\}}
${EXTRA:-}
YAML
}

# expect NAME CODE MESSAGE-PART -- COMMAND...: runs COMMAND (bounded by a
# timeout), checks its exit code, that stderr holds MESSAGE-PART, and that
# nothing crashed.
expect() {
  local name=$1 want=$2 part=$3
  shift 4
  timeout 300 "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  local err
  err=$(head -c 2000 "$tmp/err")
  [ "$code" -eq "$want" ] || fail "$name: exit $code, want $want: $err"
  [[ "$err" == *"$part"* ]] || fail "$name: stderr lacks '$part': $err"
  for crash in "terminate called" "runtime error" "AddressSanitizer" \
               "internal error" "Aborted"; do
    [[ "$err" != *"$crash"* ]] || fail "$name: '$crash' in: $err"
  done
}

f="$tmp/ok.yaml"
scenario >"$f"

# --- crashes: numbers that wrapped or allocated without bound --------------
for size in 2147483647 4294967296 9223372036854775807; do
  AGENTS="size: $size" scenario >"$tmp/size.yaml"
  for cmd in validate run; do
    expect "size $size ($cmd)" 2 \
      "size.yaml:7:26: 'size' of group 'agents' must be between 1 and 100000" \
      -- "$livechat" $cmd "$tmp/size.yaml"
  done
done
expect "run -r -1" 2 "--replications must be between 1 and 1000000, got -1" \
  -- "$livechat" run "$f" -r -1
expect "--replications=-1" 2 "got -1" -- "$livechat" run "$f" --replications=-1
expect "-r 2^64-1" 2 "--replications must be a whole number of at most 19 digits" \
  -- "$livechat" run "$f" -r 18446744073709551615
expect "-r 1e12" 2 "got 1000000000000" -- "$livechat" run "$f" -r 1000000000000
expect "plan -r -1" 2 "--replications must be between 2 and" \
  -- "$livechat" plan "$f" -r -1 --target "wait.p90 <= 1m"
REPS=1000000000 scenario >"$tmp/reps.yaml"
expect "replications in the file" 2 \
  "reps.yaml:4:15: 'replications' must be between 1 and 1000000" \
  -- "$livechat" validate "$tmp/reps.yaml"
expect "plan --shrinkage 0.9999999999" 2 "--shrinkage must be in [0, 0.95]" \
  -- "$livechat" plan "$f" --shrinkage 0.9999999999 --target "wait.p90 <= 1m"
expect "-r 10000 -t 10000" 2 "--threads must be between 1 and 256" \
  -- "$livechat" run "$f" -r 10000 -t 10000
# Within the ranges, more threads than the system gives is no crash: the
# replications run on the threads there are (a correct report, exit 0).
expect "-t 256" 0 "" -- "$livechat" run "$f" -r 3 -t 256 -q

# --- runs that never ended or ate the machine: refused, with the estimate ---
ARRIVALS="poisson: 1000000000/s" scenario >"$tmp/rate.yaml"
expect "poisson 1e9/s" 2 "rate '1000000000/s' is above the limit of 10000/s" \
  -- "$livechat" run "$tmp/rate.yaml"
ARRIVALS="poisson: 99999999999999999999/h" scenario >"$tmp/rate2.yaml"
expect "poisson 1e20/h" 2 "is above the limit of 10000/s" \
  -- "$livechat" validate "$tmp/rate2.yaml"
ARRIVALS="profile: [{from: 0h, rate: 10/h}, {from: 30m, rate: 99999999/s}]" \
  scenario >"$tmp/step.yaml"
expect "huge profile step" 2 "is above the limit of 10000/s" \
  -- "$livechat" run "$tmp/step.yaml"
AGENTS="size: 1000000" scenario >"$tmp/million.yaml"
expect "1,000,000 operators" 2 "must be between 1 and 100000, got 1000000" \
  -- "$livechat" run "$tmp/million.yaml"
HORIZON=3650d scenario >"$tmp/long.yaml"
expect "horizon 3650d" 2 "'horizon': duration '3650d' must be between 0 and 365d" \
  -- "$livechat" run "$tmp/long.yaml"
# Within the ranges but beyond the work limits: refused before running,
# with the estimate and the option that raises the limit.
HORIZON=365d ARRIVALS="poisson: 10/s" scenario >"$tmp/year.yaml"
expect "a year at 10/s" 2 "sessions to simulate, above the limit of 20M (--max-sessions raises it)" \
  -- "$livechat" run "$tmp/year.yaml"
expect "a year at 10/s (validate)" 2 "--max-sessions raises it" \
  -- "$livechat" validate "$tmp/year.yaml"
AGENTS="size: 100000" REPS=200 scenario >"$tmp/crowd.yaml"
expect "100,000 operators x 200 replications" 2 "s of CPU, above the limit of 1800 s (--max-cpu raises it)" \
  -- "$livechat" run "$tmp/crowd.yaml"
expect "--max-sessions 0" 2 "--max-sessions must be between 1 and" \
  -- "$livechat" run "$f" --max-sessions 0
expect "plan --interval 1ms" 2 "--interval '1ms' must be between 1m and 1d" \
  -- "$livechat" plan "$f" --interval 1ms --target "wait.p90 <= 1m"
EXTRA="    messages: {per_session: {constant: 1e15}, customer_think: {constant: 0s}, operator_reply: {constant: 0s}}" \
  scenario >"$tmp/spin.yaml"
expect "1e15 messages" 2 "parameters must be in [0, 10000], got 1e+15" \
  -- "$livechat" run "$tmp/spin.yaml"
EXTRA="    messages: {per_session: {constant: 10000}, customer_think: {constant: 0s}, operator_reply: {constant: 0s}}" \
  REPS=1000 scenario >"$tmp/chatty.yaml"
expect "10000 messages x 1000 replications" 2 "actor events to run, above the limit" \
  -- "$livechat" run "$tmp/chatty.yaml"

# --- undefined behaviour and silent nonsense ---------------------------------
HANDLE="{exponential: 9000000000s}" scenario >"$tmp/handle.yaml"
expect "handle time 9e9 s" 2 "duration '9000000000s' must be between 0 and 365d" \
  -- "$livechat" run "$tmp/handle.yaml"
EXTRA="supervision: {reaction_time: {constant: 9000000000s}}" scenario >"$tmp/react.yaml"
expect "reaction time 9e9 s" 2 "must be between 0 and 365d" \
  -- "$livechat" run "$tmp/react.yaml"
EXTRA="shifts:
  - {group: agents, online: [{from: 0s, count: 3}, {from: 9000000000s, count: 1}]}" \
  scenario >"$tmp/shift.yaml"
expect "shift from 9e9 s" 2 "must be between 0 and 365d" \
  -- "$livechat" run "$tmp/shift.yaml"
CAP=2147483647 scenario >"$tmp/cap.yaml"
expect "capacity 2^31-1" 2 "'capacity' of live chat 'line' must be between 1 and 100, got" \
  -- "$livechat" run "$tmp/cap.yaml"
EXTRA="    handle_time_factor_by_load: [1e300]" scenario >"$tmp/factor.yaml"
expect "load factor 1e300" 2 "must hold factors in (0, 100], got 1e+300" \
  -- "$livechat" run "$tmp/factor.yaml"
# The largest values in range run to a report (exit 0): a year-long mean
# handle time at the largest load factor (a century per session) saturates
# the delays and ends at the end of virtual time, never overflows (UBSan).
HANDLE="{exponential: 365d}" \
  EXTRA="    handle_time_factor_by_load: [100]" scenario >"$tmp/extreme.yaml"
expect "extremes in range" 0 "" -- "$livechat" run "$tmp/extreme.yaml" -q \
  --json "$tmp/extreme.json"
grep -q '"occupancy"' "$tmp/extreme.json" || fail "extremes: no report"
# A thousand operators of capacity 100 Online for a year: the group's occupancy
# sums far more than 292 years of capacity time without overflowing.
HORIZON=365d ARRIVALS="poisson: 1/d" AGENTS="size: 1000" CAP=100 REPS=1 \
  scenario >"$tmp/capacity-year.yaml"
expect "capacity-years beyond 292" 0 "" -- "$livechat" run "$tmp/capacity-year.yaml" -q \
  --json "$tmp/capacity-year.json"
grep -q '"occupancy"' "$tmp/capacity-year.json" || fail "capacity-years: no report"
expect "--speed 1e300" 2 "--speed must be in [0.001, 1000000], got 1e300" \
  -- "$livechat" run "$f" --mode live --speed 1e300
expect "--speed 1e-300" 2 "--speed must be in [0.001, 1000000], got 1e-300" \
  -- "$livechat" run "$f" --mode live --speed 1e-300
expect "--threads=-1" 2 "--threads must be between 1 and 256, got -1" \
  -- "$livechat" run "$f" --threads=-1
expect "--seed -5" 2 "--seed must be between 0 and 9223372036854775807, got -5" \
  -- "$livechat" run "$f" --seed -5
expect "plan --seed -5" 2 "--seed must be between 0" \
  -- "$livechat" plan "$f" --seed -5 --target "wait.p90 <= 1m"

# --- unclear messages ----------------------------------------------------------
{ printf 'name: t\nx: '; printf '[%.0s' $(seq 600); printf ']%.0s' $(seq 600)
  echo; } >"$tmp/deep.yaml"
expect "600 levels of YAML" 2 "deep.yaml:2:" -- "$livechat" validate "$tmp/deep.yaml"
expect "600 levels of YAML (why)" 2 "nested more than" \
  -- "$livechat" validate "$tmp/deep.yaml"
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' '#' >"$tmp/huge.yaml"
expect "a 17 MiB file" 2 "huge.yaml:1:1: the file is larger than 16 MiB" \
  -- "$livechat" validate "$tmp/huge.yaml"
mkdir -p "$tmp/tracedir/arrivals.csv"
cp "$root/tests/cli/trace/trace.yaml" "$tmp/tracedir/"
expect "a trace that is a directory" 2 "trace.yaml:12:15: cannot read trace file" \
  -- "$livechat" run "$tmp/tracedir/trace.yaml"
expect "a trace that is a directory (why)" 2 "it is a directory" \
  -- "$livechat" run "$tmp/tracedir/trace.yaml"
mkdir -p "$tmp/binary"
cp "$root/tests/cli/trace/trace.yaml" "$tmp/binary/"
head -c 4000 /dev/urandom >"$tmp/binary/arrivals.csv"
timeout 60 "$livechat" run "$tmp/binary/trace.yaml" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "binary trace: want exit 2"
LC_ALL=C grep -q '[^[:print:][:space:]]' "$tmp/err" \
  && fail "binary trace: raw bytes echoed: $(head -c 300 "$tmp/err")"
expect "--json to /proc/x" 2 "cannot write '/proc/x': No such file or directory" \
  -- "$livechat" run "$f" --json /proc/x
expect "--html to a directory" 2 "cannot write '$tmp': Is a directory" \
  -- "$livechat" run "$f" --html "$tmp"
expect "plan --json to /proc/x" 2 "cannot write '/proc/x'" \
  -- "$livechat" plan "$f" --json /proc/x --target "wait.p90 <= 1m"
# The output check comes first: a refused path costs no simulation and
# leaves no file behind when the path was free.
[ ! -e "$tmp/x/none.json" ] || fail "probe file left behind"
(scenario; echo "---"; scenario) >"$tmp/two.yaml"
expect "two YAML documents" 2 "two.yaml:15:1: a scenario file holds one YAML document" \
  -- "$livechat" validate "$tmp/two.yaml"
AGENTS="members: []" scenario >"$tmp/empty.yaml"
expect "operators: members []" 2 "group 'agents' has no members" \
  -- "$livechat" run "$tmp/empty.yaml"
printf '{},\n' >"$tmp/comma.yaml"
expect "stray comma (yaml-cpp LoadAll hang)" 2 "comma.yaml:" \
  -- "$livechat" validate "$tmp/comma.yaml"

# --- Ctrl-C stops cleanly: exit 130, a message, no half-written table ------
HORIZON=200h ARRIVALS="poisson: 3000/h" REPS=20 AGENTS="size: 200" \
  scenario >"$tmp/long-run.yaml"
mkfifo "$tmp/stderr"
"$livechat" run "$tmp/long-run.yaml" -t 1 --csv "$tmp/tables" \
  2>"$tmp/stderr" >/dev/null &
pid=$!
exec 3<"$tmp/stderr"
# The first line is the estimate, printed once the handler is in place and
# before the first replication ends: interrupt then.
IFS= read -r -t 120 first <&3 || fail "ctrl-c: no estimate line"
[[ "$first" == *"sessions"* ]] || fail "ctrl-c: unexpected first line: $first"
kill -INT "$pid"
rest=$(timeout 120 cat <&3)
wait "$pid"
code=$?
exec 3<&-
[ "$code" -eq 130 ] || fail "ctrl-c: exit $code, want 130: $rest"
[[ "$rest" == *"interrupted; nothing was written"* ]] || fail "ctrl-c: $rest"
[ ! -e "$tmp/tables/sessions.csv" ] || fail "ctrl-c: half a sessions.csv left"

echo "bad input: ok"
