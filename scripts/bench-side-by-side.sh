#!/usr/bin/env bash
# One command, one run, one machine: geostance against the Hugging Face zero-shot pipeline
# and raw ONNX Runtime, with the same model file and thread count (issue 16).
#
#   scripts/bench-side-by-side.sh [CORPUS] [THREADS]     # default: ../shared/corpus, 2
#
# Builds geostance (make build), makes build/bench-venv from PyPI if missing (torch,
# transformers, tokenizers, onnxruntime; or set PYTHON to a python that has them, such as
# build/venv/bin/python from models/train/setup-venv.sh), then:
#   1. geostance run CORPUS --pairs-out (the exact pairs the model gets; not timed);
#   2. geostance run CORPUS, end to end, timed by /usr/bin/time (wall, peak RSS);
#   3. benches/side_by_side.py: the HF pipeline over the body units, raw ONNX Runtime
#      over the pairs of step 1, and the ratios.
# Figures go to build/bench/side-by-side.json and are printed. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
threads=${2:-2}
out=build/bench
mkdir -p "$out"
make --no-print-directory build >/dev/null
bin=./target/release/geostance

py=${PYTHON:-}
if [ -z "$py" ]; then
  py=build/bench-venv/bin/python
  if [ ! -x "$py" ]; then
    python3 -m venv build/bench-venv
    build/bench-venv/bin/pip install --quiet torch==2.15.0 transformers==5.24.0 tokenizers==0.23.3 \
      safetensors==0.8.0 onnxruntime==1.32.0 numpy==2.4.6
  fi
fi

"$bin" run "$corpus" --out "$out/pairs-run" --threads "$threads" --pairs-out "$out/pairs.jsonl" -q
/usr/bin/time -f '%e %M' -o "$out/time.txt" \
  "$bin" run "$corpus" --out "$out/run" --threads "$threads" 2>"$out/run.stderr"
"$py" - "$out" <<'EOF'
import json, re, sys
out = sys.argv[1]
wall, rss_kb = open(f"{out}/time.txt").read().split()[-2:]
line = open(f"{out}/run.stderr").read()
m = re.search(r"model: (\d+) pairs \((\d+) distinct, (\d+) scored\) in ([\d.]+)s", line)
if not m:
    sys.exit(f"cannot read geostance's summary line: {line!r}")
g = {"wall_secs": float(wall), "peak_rss_mb": int(rss_kb) / 1024, "pairs": int(m[1]),
     "distinct": int(m[2]), "scored": int(m[3]), "model_secs": float(m[4])}
json.dump(g, open(f"{out}/geostance.json", "w"), indent=2)
print(f"geostance run: {g['wall_secs']:.2f}s wall, peak RSS {g['peak_rss_mb']:.0f} MB")
EOF
"$py" benches/side_by_side.py --units "$out/run/sentences.jsonl" --pairs "$out/pairs.jsonl" \
  --geostance "$out/geostance.json" --threads "$threads" --json "$out/side-by-side.json"
