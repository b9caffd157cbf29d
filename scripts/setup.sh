#!/usr/bin/env bash
# Fetch the ONNX Runtime shared library from the PyPI onnxruntime wheel into
# .cache/onnxruntime/ (checked by sha256). Idempotent: does nothing when the cached
# copy is already right. Needs python3 with pip; nothing but PyPI is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_VERSION=1.32.0
ORT_LIB="libonnxruntime.so.${ORT_VERSION}"
ORT_SHA256=6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
DEST=.cache/onnxruntime

check() { [ -f "$DEST/$ORT_LIB" ] && echo "$ORT_SHA256  $DEST/$ORT_LIB" | sha256sum -c --quiet - >/dev/null 2>&1; }

# The manifest the binary checks the library against at load (src/nli/runtime.rs).
manifest() { echo "$ORT_SHA256  $ORT_LIB" > "$DEST/SHA256SUMS"; }

if check; then
  manifest
  echo "setup: ONNX Runtime $ORT_VERSION already in $DEST"
  exit 0
fi

command -v python3 >/dev/null || { echo "setup: python3 with pip is needed to fetch onnxruntime from PyPI" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "setup: fetching onnxruntime==$ORT_VERSION from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  --python-version 3.11 --implementation cp --platform manylinux_2_28_x86_64 \
  -d "$tmp" "onnxruntime==$ORT_VERSION"
wheel=$(ls "$tmp"/onnxruntime-*.whl)
mkdir -p "$DEST"
python3 - "$wheel" "$DEST" "$ORT_LIB" <<'PY'
import sys, zipfile, os
wheel, dest, lib = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    data = z.read(f"onnxruntime/capi/{lib}")
with open(os.path.join(dest, lib), "wb") as f:
    f.write(data)
PY
if ! check; then
  echo "setup: $DEST/$ORT_LIB does not match the expected sha256 $ORT_SHA256" >&2
  rm -f "$DEST/$ORT_LIB"
  exit 2
fi
manifest
echo "setup: ONNX Runtime $ORT_VERSION installed in $DEST"
