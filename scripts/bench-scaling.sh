#!/usr/bin/env bash
# Scaling of `geostance run` (issue 16): units/s with --threads 1 and 2 on a corpus, and
# wall time and peak RSS for generated corpora of 10, 100 and 1,000 articles
# (benches/make_corpus.py: our own template text, every sentence distinct).
#
#   scripts/bench-scaling.sh [CORPUS] [SIZES...]     # default: ../shared/corpus, 10 100 1000
#
# Figures go to build/bench/scaling.tsv and are printed. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
shift || true
sizes=${*:-10 100 1000}
out=build/bench
mkdir -p "$out"
make --no-print-directory build >/dev/null 2>&1
bin=./target/release/geostance

# One timed run: prints corpus, threads, articles, units, pairs, wall s, units/s, peak RSS MB.
timed() {
  local name=$1 input=$2 threads=$3
  /usr/bin/time -f '%e %M' -o "$out/t.txt" "$bin" run "$input" --out "$out/scale-run" \
    --threads "$threads" 2>"$out/t.stderr"
  python3 - "$name" "$threads" "$out" <<'PY'
import re, sys
name, threads, out = sys.argv[1:4]
wall, rss = open(f"{out}/t.txt").read().split()[-2:]
line = open(f"{out}/t.stderr").read()
m = re.search(r"(\d+) articles, (\d+) sentences.*model: (\d+) pairs", line)
arts, units, pairs = int(m[1]), int(m[2]), int(m[3])
wall = float(wall)
print(f"{name}\t{threads}\t{arts}\t{units}\t{pairs}\t{wall:.2f}\t{units / wall:.1f}\t{int(rss) / 1024:.0f}")
PY
}

{
  printf 'corpus\tthreads\tarticles\tunits\tpairs\twall_s\tunits_per_s\tpeak_rss_mb\n'
  timed "$(basename "$corpus")" "$corpus" 1
  timed "$(basename "$corpus")" "$corpus" 2
  for n in $sizes; do
    python3 benches/make_corpus.py "$n" "$out/gen-$n"
    timed "generated-$n" "$out/gen-$n" 2
  done
} | tee "$out/scaling.tsv"
