#!/usr/bin/env bash
# Every figure issue 13 asks of a shipped model, in one run (about 10 minutes on 2 cores):
#   models/train/measure.sh [MODEL_DIR] [OUT_DIR]
# MODEL_DIR defaults to the default model (models/minilm-stance). Needs a release build
# (`make build`), ../shared beside the checkout, and the training venv (build/venv,
# models/train/setup-venv.sh) for the NewsMTSC and MNLI / ANLI figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-models/minilm-stance}
out=${2:-build/measure}
py=${PYTHON:-build/venv/bin/python}
bin=./target/release/geostance
mkdir -p "$out"
pooled() { "$py" models/train/pooled.py "$1" "$2"; }

/usr/bin/time -f "seeds run: wall %e s, peak RSS %M KB" \
  "$bin" run ../shared/corpus --out "$out/seeds" --model "$model" -q
"$bin" eval --corpus ../shared/corpus --labels ../shared/labels/seeds.gold.jsonl \
  --pred "$out/seeds/sentences.jsonl" --json > "$out/seeds.eval.json"
pooled "$out/seeds.eval.json" "seeds, default"
"$bin" eval --corpus examples/heldout --labels labels/heldout.gold.jsonl --model "$model" \
  --json > "$out/heldout.eval.json"
pooled "$out/heldout.eval.json" "heldout, default"
echo -n "seeds, fit "
"$bin" fit --corpus ../shared/corpus --labels ../shared/labels/seeds.gold.jsonl --model "$model" \
  --out "$out/seeds-cv.json" --cv -q 2>/dev/null
"$py" models/train/choose_templates.py --model "$model" --use labels/stance.toml --newsmtsc \
  --json "$out/newsmtsc.json" | grep -E "^(dev|NewsMTSC)"
(cd models/train && "../../$py" evaluate.py --model "../../$model" --nli ../../../shared/nli \
  --threads 2 --out "../../$out/nli.json") | grep -E "accuracy|agreement"
