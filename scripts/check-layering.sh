#!/usr/bin/env bash
# Checks every layer's includes against one table: what each folder of the
# project may include. See docs/architecture.md, "Layers".
#
# A file belongs to the longest layer its path starts with (sim/planning/x.cpp
# is in sim/planning, not sim). An include with a folder ("core/time.hpp",
# <caf/all.hpp>) names the longest layer it starts with, or else its first
# folder (a library: caf, fmt, yaml-cpp, ...); it must be in the file's row.
# The installed form <livechat/core/x.hpp> counts as "core/x.hpp".
# Includes without a folder (<vector>, <sqlite3.h>) are not checked.
# Usage: scripts/check-layering.sh [ROOT]   (default: this repository)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# layer         may include (its own layer always)
table='
core            core
scenarios       core fmt yaml-cpp
actors          core caf
sim             core scenarios actors caf
sim/planning    core scenarios sim
sim/reports     core scenarios sim sim/planning fmt nlohmann
server          core actors caf fmt nlohmann boost openssl
load            core scenarios actors sim sim/reports caf fmt nlohmann boost
cli             core scenarios actors sim sim/planning sim/reports server load cli fmt boost sys
examples        core actors fmt
bench           core scenarios actors sim bench benchmark caf fmt
bench/capacity  fmt nlohmann boost sys netinet
'

# One awk pass over every source file of every layer: lists the includes
# with a folder that the file's row does not allow.
dirs=()
for layer in $(awk 'NF { print $1 }' <<<"$table"); do
  [ -d "$root/$layer" ] && dirs+=("$root/$layer")
done
[ ${#dirs[@]} -gt 0 ] || exit 0
violations=$(find "${dirs[@]}" -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' \) -print0 \
  | sort -zu | xargs -0 awk -v table="$table" -v root="$root/" '
    function layer_of(path,   l, best) {
      best = ""
      for (l in allowed)
        if (index(path, l "/") == 1 && length(l) > length(best)) best = l
      if (best != "") return best
      sub(/\/.*/, "", path)
      return path
    }
    BEGIN {
      n = split(table, rows, "\n")
      for (i = 1; i <= n; i++) {
        if (split(rows[i], f, " ") == 0) continue
        allowed[f[1]] = " " f[1] " "
        for (j = 2; j in f; j++) allowed[f[1]] = allowed[f[1]] f[j] " "
        delete f
      }
    }
    FNR == 1 { rel = substr(FILENAME, length(root) + 1); own = layer_of(rel) }
    /^[ \t]*#[ \t]*include[ \t]*[<"]/ {
      inc = $0
      sub(/^[^<"]*[<"]/, "", inc)
      sub(/[>"].*$/, "", inc)
      if (index(inc, "/") == 0) next
      named = inc
      sub(/^livechat\//, "", named)
      target = layer_of(named)
      if (index(allowed[own], " " target " ") == 0)
        printf "%s:%d: includes %s (%s), which %s/ may not\n", rel, FNR, inc, target, own
    }')
if [ -n "$violations" ]; then
  echo "layering: includes the table in scripts/check-layering.sh does not allow:" >&2
  echo "$violations" >&2
  exit 1
fi
