#!/usr/bin/env bash
# The main job: installs what is missing, builds, and simulates the seed's
# scenario (scenarios/internal-external.yaml): a report in the terminal and
# the JSON report in out/internal-external.json. Extra arguments go to
# `livechat run` (e.g. --replications 100, --seed 7).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
mkdir -p "$root/out"
"$root/build/cli/livechat" run "$root/scenarios/internal-external.yaml" \
  --json "$root/out/internal-external.json" "$@"
echo "JSON report: $root/out/internal-external.json"
