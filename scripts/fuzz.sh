#!/usr/bin/env bash
# Fuzzes the scenario loader and validator (tests/fuzz/scenario_fuzz.cpp) with
# libFuzzer under ASan + UBSan. Usage: scripts/fuzz.sh [SECONDS]  (default 60)
#   CI:      scripts/fuzz.sh 60
#   longer:  scripts/fuzz.sh 1800   (LIVECHAT_FUZZ_JOBS=N: N parallel jobs)
# Builds only scenario_fuzz in build-fuzz/ with clang. Fuzzes a temporary copy
# of tests/fuzz/corpus/ (the committed corpus is never written); crashes,
# leaks, timeouts and out-of-memory inputs land in build-fuzz/artifacts/.
# Exits non-zero if the fuzzer found any. See docs/TESTING.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
jobs=${LIVECHAT_FUZZ_JOBS:-1}
case "$seconds$jobs" in
  *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS]  (LIVECHAT_FUZZ_JOBS=N)" >&2
    exit 2
    ;;
esac
"$root/scripts/setup.sh"

build_dir="$root/build-fuzz"
# Not -Werror: clang is not the compiler CI's -Werror builds use; its warnings
# show in the build output without stopping the fuzzing.
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIVECHAT_FUZZ=ON \
  -DLIVECHAT_BUILD_BENCH=OFF -DLIVECHAT_JEMALLOC=OFF -DLIVECHAT_WERROR=OFF \
  >/dev/null
cmake --build "$build_dir" --target scenario_fuzz

artifacts="$build_dir/artifacts"
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/livechat-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
seeds=$(find "$work/corpus" -type f | wc -l)
touch "$work/started"

supp="$root/tests/sanitizers"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp}

flags=(-dict="$root/tests/fuzz/dictionary.txt" -max_total_time="$seconds"
  -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
  -artifact_prefix="$artifacts/")
[ "$jobs" -gt 1 ] && flags+=(-jobs="$jobs" -workers="$jobs")
status=0
# A hard cap besides -max_total_time: an input that exhausts memory can keep
# libFuzzer's out-of-memory report (a heap profile) busy for many minutes.
cap=$((seconds + 300))
# From $work: with -jobs, libFuzzer writes each job's output to fuzz-<job>.log
# in the current directory (printed below); its own goes to run.log too.
(cd "$work" && timeout -k 30 "$cap" "$build_dir/tests/fuzz/scenario_fuzz" "${flags[@]}" \
  "$work/corpus" 2>&1 | tee run.log) || status=$?
shopt -s nullglob
logs=("$work"/run.log "$work"/fuzz-*.log)
[ ${#logs[@]} -gt 1 ] && tail -n 40 "${logs[@]:1}"

execs=$(cat "${logs[@]}" | awk '/^stat::number_of_executed_units:/ {n += $2}
  END {print n + 0}')
# cov only grows within a job: the largest is the last status line's.
cov=$(cat "${logs[@]}" | awk '{for (i = 1; i < NF; i++) if ($i == "cov:" &&
  $(i + 1) > c) c = $(i + 1)} END {if (c != "") print c}')
corpus=$(find "$work/corpus" -type f | wc -l)
found=$(find "$artifacts" -newer "$work/started" -type f \
  \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
  | wc -l)
echo "fuzz: ${seconds}s x $jobs job(s): $execs inputs tried, corpus $seeds -> $corpus," \
  "$found crash(es) found (in $artifacts), cov: ${cov:-?}"
case "$status" in
  124 | 137) echo "fuzz: killed after ${cap}s (hung, see the log above)" >&2 ;;
esac
if [ "$found" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
