#!/usr/bin/env bash
# Runs every fuzzer built in BUILD_DIR for SECONDS each, starting from the
# committed seed corpus (copied, so the repository is not changed; the object
# target also gets every conformance vector of tests/vectors) and the
# constructor-id dictionary, and prints libFuzzer's final statistics.
#   fuzz/run.sh [BUILD_DIR=build-fuzz] [SECONDS=60]
# Before a release, run longer: fuzz/run.sh build-fuzz 1800
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build-fuzz}
seconds=${2:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for fuzzer in "$build"/fuzz/fuzz_parse_*; do
  name=$(basename "$fuzzer" | sed 's/^fuzz_parse_//')
  mkdir -p "$work/$name"
  [ -d "$repo/fuzz/corpus/$name" ] && cp "$repo/fuzz/corpus/$name"/* "$work/$name"/
  if [ "$name" = object ] && compgen -G "$repo/tests/vectors/*.jsonl" >/dev/null; then
    # Every conformance vector (bytes written by mtcute) seeds the any-object target.
    python3 - "$work/$name" "$repo"/tests/vectors/*.jsonl <<'PY'
import json, os, sys
out = sys.argv[1]
for path in sys.argv[2:]:
    for i, line in enumerate(open(path, encoding="utf-8")):
        v = json.loads(line)
        open(os.path.join(out, f"{os.path.basename(path)}.{i}"), "wb").write(bytes.fromhex(v["hex"]))
PY
  fi
  echo "== $name: ${seconds}s"
  if ! "$fuzzer" -max_total_time="$seconds" -dict="$build/fuzz/ids.dict" -print_final_stats=1 \
       -artifact_prefix="$work/" "$work/$name" 2>"$work/$name.log"; then
    tail -40 "$work/$name.log"
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$repo/" 2>/dev/null || true
    status=1
  fi
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)|cov: " \
    "$work/$name.log" | tail -5
done
exit $status
