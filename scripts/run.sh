#!/usr/bin/env bash
# The run command: system prerequisites, npm dependencies, then a node on the local sandbox
# Redis with the demo schedules. Extra arguments go to `dipper node`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh run
bash scripts/deps.sh
exec node --import tsx main/cli/bin.ts node --demo "$@"
