#!/usr/bin/env bash
# Scaling of `geostance run` (issue 16): units/s with --threads 1 and 2 on a corpus (three
# runs each, interleaved, so that drift of the machine's speed hits both alike), and wall
# time and peak RSS for generated corpora of 10, 100 and 1,000 articles (benches/make_corpus.py:
# our own template text, every sentence distinct), the largest with 1 and 2 threads.
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
  for _ in 1 2 3; do
    timed "$(basename "$corpus")" "$corpus" 1
    timed "$(basename "$corpus")" "$corpus" 2
  done
  last=
  for n in $sizes; do
    python3 benches/make_corpus.py "$n" "$out/gen-$n"
    timed "generated-$n" "$out/gen-$n" 2
    last=$n
  done
  [ -z "$last" ] || timed "generated-$last" "$out/gen-$last" 1
} | tee "$out/scaling.tsv"
python3 - "$out/scaling.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
by = {}
for r in rows:
    by.setdefault((r[0], r[1]), []).append(float(r[6]))
for name in dict.fromkeys(r[0] for r in rows):
    if (name, "1") in by and (name, "2") in by:
        one, two = statistics.median(by[(name, "1")]), statistics.median(by[(name, "2")])
        print(f"{name}: 2 threads / 1 thread, median units/s {two:.1f} / {one:.1f} = {two / one:.2f}x (bar >= 1.8x)")
PY
