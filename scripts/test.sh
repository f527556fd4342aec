#!/usr/bin/env bash
# The test command: system prerequisites, npm dependencies, lint, type-check, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh test
bash scripts/deps.sh
echo "== lint" && npx eslint . --max-warnings 0
echo "== format" && npx prettier --check . >/dev/null
echo "== typecheck" && npm run -s typecheck
echo "== tests" && npx vitest run "$@"
