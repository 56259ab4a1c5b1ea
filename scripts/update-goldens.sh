#!/usr/bin/env bash
# Regenerates the golden reports of the shipped scenarios (tests/golden/).
# Run it after an intended change of simulation results, and review the diff:
# every changed figure must be explained by the change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
livechat="${1:-$root/build/cli/livechat}"
for f in "$root"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  "$livechat" run "$f" --replications 3 --threads 2 --quiet \
    --json "$root/tests/golden/$name.json" || [ $? -eq 1 ]
done
