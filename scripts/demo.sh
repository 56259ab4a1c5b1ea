#!/usr/bin/env bash
# The main job: installs what is missing, builds, and simulates the seed's
# scenario (scenarios/internal-external.yaml): a report in the terminal, the
# HTML report (charts) in out/internal-external.html and the JSON report in
# out/internal-external.json. Extra arguments go to `livechat run` (e.g.
# --replications 100, --seed 7, --compare-routing longest_idle,fixed_order).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
mkdir -p "$root/out"
"$root/build/cli/livechat" run "$root/scenarios/internal-external.yaml" \
  --json "$root/out/internal-external.json" \
  --html "$root/out/internal-external.html" "$@"
echo "HTML report: $root/out/internal-external.html"
echo "JSON report: $root/out/internal-external.json"
