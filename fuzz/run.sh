#!/usr/bin/env bash
# Runs every fuzzer built in BUILD_DIR for SECONDS each, starting from the
# committed seed corpus and the conformance vectors (fuzz/seed_corpus.py;
# copied, so the repository is not changed) with the constructor-id
# dictionary, and prints libFuzzer's final statistics. JOBS fuzzers run at
# once (each is one process on one core; default: the number of cores).
#   fuzz/run.sh [BUILD_DIR=build-fuzz] [SECONDS=60] [JOBS=nproc]   (CI: build-asan, which holds them too)
# Before a release, run longer: fuzz/run.sh build-fuzz 200 (the fuzz preset: object too)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build-fuzz}
seconds=${2:-60}
jobs=${3:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$repo/fuzz/seed_corpus.py" "$work"

# fuzz NAME BINARY: one fuzzer's run; its log in $work/NAME.log, its exit
# status in $work/NAME.status.
fuzz() {
  local name=$1 fuzzer=$2 time=$seconds status=0
  mkdir -p "$work/$name"
  [ -d "$repo/fuzz/corpus/$name" ] && cp "$repo/fuzz/corpus/$name"/* "$work/$name"/
  # object first runs one vector of each of the 2351 constructors and
  # methods (tens of seconds): it gets twice the time to fuzz after that.
  [ "$name" = object ] && time=$((2 * seconds))
  "$fuzzer" -max_total_time="$time" -dict="$build/fuzz/ids.dict" -print_final_stats=1 \
    -artifact_prefix="$work/$name-" "$work/$name" 2>"$work/$name.log" || status=$?
  echo "$status" >"$work/$name.status"
}

names=()
for fuzzer in "$build"/fuzz/fuzz_parse_*; do
  name=$(basename "$fuzzer" | sed 's/^fuzz_parse_//')
  names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  fuzz "$name" "$fuzzer" &
done
wait

# The reports, in a fixed order whatever order the runs ended in.
status=0
for name in "${names[@]}"; do
  echo "== $name"
  if [ "$(cat "$work/$name.status")" != 0 ]; then
    tail -40 "$work/$name.log"
    cp "$work/$name"-crash-* "$work/$name"-leak-* "$work/$name"-timeout-* "$repo/" 2>/dev/null || true
    status=1
  fi
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)|cov: " \
    "$work/$name.log" | tail -5
done
exit $status
