#!/usr/bin/env bash
# Run every fuzz target (fuzz/fuzz_targets/) for SECS seconds each, one after another,
# starting from the committed seeds (fuzz/seeds/<target>/) and a working corpus in
# build/fuzz/<target>/. Needs the nightly toolchain and cargo-fuzz (`cargo install
# cargo-fuzz`). Prints executions per target; crashes land in fuzz/artifacts/<target>/.
#   scripts/fuzz.sh [SECS] [TARGET...]   (FUZZ_SANITIZER=none: no AddressSanitizer, faster)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(segment jsonl gold labels pipeline)
fi
mkdir -p build/fuzz
for t in "${targets[@]}"; do
    mkdir -p "build/fuzz/$t" "fuzz/seeds/$t"
    log="build/fuzz/$t.log"
    status=0
    cargo +nightly fuzz run --fuzz-dir fuzz ${FUZZ_SANITIZER:+-s "$FUZZ_SANITIZER"} "$t" "build/fuzz/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
    echo "$t: ${secs}s, $execs executions, exit $status, $crashes artifacts"
done
