#!/usr/bin/env bash
# The layering check must pass on the repository and fail on trees that
# break its table: CAF in core/ or scenarios/, a lower layer including a
# higher one, the engine including a report writer.
set -euo pipefail
check="$1/scripts/check-layering.sh"
"$check" "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_rejected() { # FILE INCLUDE
  rm -rf "${tmp:?}"/*
  mkdir -p "$tmp/$(dirname "$1")"
  printf '#include <vector>\n#include "%s"\n' "$2" > "$tmp/$1"
  if out=$("$check" "$tmp" 2>&1); then
    echo "layering check missed: $1 including $2" >&2
    exit 1
  fi
  [[ "$out" == *"$1:2: includes $2"* ]] || { echo "unclear message: $out" >&2; exit 1; }
}
expect_rejected core/bad.hpp caf/all.hpp
expect_rejected scenarios/bad.hpp caf/all.hpp
expect_rejected core/bad.cpp actors/runtime.hpp
expect_rejected actors/bad.cpp sim/engine.hpp
expect_rejected sim/bad.cpp sim/reports/json_report.hpp
expect_rejected sim/planning/bad.cpp actors/deployment.hpp
expect_rejected examples/bad.cpp livechat/sim/engine.hpp
# Allowed: a layer's own files and the libraries of its row, also in the
# installed form <livechat/...>.
rm -rf "${tmp:?}"/*
mkdir -p "$tmp/sim/planning"
printf '#include "sim/engine.hpp"\n#include "core/time.hpp"\n' > "$tmp/sim/planning/ok.cpp"
"$check" "$tmp"
rm -rf "${tmp:?}"/*
mkdir -p "$tmp/examples"
printf '#include <livechat/actors/runtime.hpp>\n#include <livechat/core/router.hpp>\n' > "$tmp/examples/ok.cpp"
"$check" "$tmp"
echo "layering check: ok"
