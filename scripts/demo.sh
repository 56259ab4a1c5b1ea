#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the demo.
# For now the demo is examples/core_demo (one simulated day on the routing
# core); scenario files and `livechat run` replace it in a later issue.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
"$root/build/examples/core_demo" "$@"
