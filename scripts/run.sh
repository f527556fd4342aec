#!/usr/bin/env bash
# The run command: system prerequisites, npm dependencies, then the console on the local
# sandbox Redis with the demo schedules and Rules: the desktop app where an Electron runtime and
# a display can be had, otherwise the same console in the browser (`dipper serve`).
# Extra arguments go to `dipper serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh run
bash scripts/deps.sh
if [ -f scripts/desktop.ts ]; then
  status=0
  node --import tsx scripts/desktop.ts || status=$?
  # 3: no Electron runtime or no display here; anything else is the desktop app's own exit.
  [ "$status" -ne 3 ] && exit "$status"
fi
if [ ! -f dist/renderer/index.html ] || [ -n "$(find renderer shared -newer dist/renderer/index.html -type f -print -quit)" ]; then
  echo "dipper: building the console ..." >&2
  npm run -s build:renderer >/dev/null
fi
exec node --import tsx main/cli/bin.ts serve --demo "$@"
