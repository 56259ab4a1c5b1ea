#!/usr/bin/env bash
# Fails when a layer that must stay free of CAF (core/, scenarios/) includes a
# caf/ header. See ../shared/design/ARCHITECTURE.md, "Layers".
# Usage: scripts/check-layering.sh [ROOT]   (default: this repository)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
status=0
for dir in core scenarios; do
  [ -d "$root/$dir" ] || continue
  if hits=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"]caf/' "$root/$dir"); then
    echo "layering: $dir/ must not include CAF headers:" >&2
    echo "$hits" >&2
    status=1
  fi
done
exit $status
