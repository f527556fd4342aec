#!/usr/bin/env bash
# Runs every benchmark in bench/ one after another (they share the CPU badly) and keeps the
# output in bench/results/latest.txt. Method and recorded numbers: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh bench
bash scripts/deps.sh
mkdir -p bench/results
out=bench/results/latest.txt
: >"$out"
export DIPPER_LOG_LEVEL=error
for bench in cron-next burst dispatch fanout alert-evals alert-delivery alert-history console-rtt console-jobs; do
  echo "== $bench" | tee -a "$out"
  node --expose-gc --import tsx "bench/$bench.ts" 2>&1 | tee -a "$out"
done
echo "results in $out"
