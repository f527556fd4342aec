#!/usr/bin/env bash
# The test command: system prerequisites, npm dependencies, lint, type-check, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh test
bash scripts/deps.sh
echo "== lint" && npx eslint . --max-warnings 0
echo "== format" && npx prettier --check . >/dev/null
echo "== typecheck" && npm run -s typecheck
# The browser tests serve the built console to Chromium.
echo "== build console" && npm run -s build:renderer >/dev/null
echo "== tests"
mkdir -p .artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.artifacts/vitest.json "$@" || status=$?
# One plain closing line for CI: "tests: N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync(".artifacts/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit "$status"
