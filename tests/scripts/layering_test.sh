#!/usr/bin/env bash
# The layering check must pass on the repository and fail on a tree whose
# core/ or scenarios/ includes a caf/ header.
set -euo pipefail
check="$1/scripts/check-layering.sh"
"$check" "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for layer in core scenarios; do
  rm -rf "$tmp"/*
  mkdir -p "$tmp/$layer"
  printf '#include "caf/all.hpp"\n' > "$tmp/$layer/bad.hpp"
  if "$check" "$tmp" 2>/dev/null; then
    echo "layering check missed a caf/ include in $layer/" >&2
    exit 1
  fi
done
echo "layering check: ok"
