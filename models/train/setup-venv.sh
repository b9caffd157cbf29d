#!/usr/bin/env bash
# The Python environment of the training recipe, from PyPI, in build/venv (ignored by git):
#   models/train/setup-venv.sh && PYTHON=build/venv/bin/python models/train/measure.sh
# About 6 GB (the PyPI torch wheel brings its CUDA libraries; training here runs on the CPU).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x build/venv/bin/python ] || python3 -m venv build/venv
build/venv/bin/pip install --quiet torch==2.15.0 transformers==5.24.0 tokenizers==0.23.3 \
  safetensors==0.8.0 onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.32.0 numpy==2.4.6 \
  scikit-learn==1.9.1
build/venv/bin/python -c "import torch, transformers, onnxruntime; print('venv ready: torch', torch.__version__)"
