#!/usr/bin/env bash
# Lay out a CPU-only libtorch 2.4.0 for the `torch` feature (rust-bert 0.23 / tch 0.17)
# in .cache/libtorch/, from PyPI wheels only (pinned by sha256):
#   torch==2.4.0                      include/, libc10, libtorch_cpu, libtorch, libgomp, libshm
#   nvidia-cuda-runtime-cu12==12.1.105  libcudart.so.12 (libtorch_cpu links it, never uses a GPU)
#   nvidia-cuda-cupti-cu12==12.1.105    libcupti.so.12  (likewise, for the profiler)
# libtorch_cuda.so is left out on purpose: without it tch builds for the CPU and needs
# none of the CUDA stack. For GPUs, point LIBTORCH at a full libtorch instead.
# Idempotent: does nothing when .cache/libtorch/READY names this version.
set -euo pipefail
cd "$(dirname "$0")/.."

TORCH_VERSION=2.4.0
DEST=.cache/libtorch
STAMP="$DEST/READY"
WANT="torch-$TORCH_VERSION cpu-only layout v1"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  echo "setup-torch: libtorch $TORCH_VERSION already in $DEST"
  exit 0
fi

command -v python3 >/dev/null || { echo "setup-torch: python3 with pip is needed to fetch torch from PyPI" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/requirements.txt" <<'REQ'
torch==2.4.0 --hash=sha256:e743adadd8c8152bb8373543964551a7cb7cc20ba898dc8f9c0cdbe47c283de0
nvidia-cuda-runtime-cu12==12.1.105 --hash=sha256:6e258468ddf5796e25f1dc591a31029fa317d97a0a94ed93468fc86301d61e40
nvidia-cuda-cupti-cu12==12.1.105 --hash=sha256:e54fde3983165c624cb79254ae9818a456eb6e87a7fd4d56a2352c24ee542d7e
REQ
echo "setup-torch: fetching torch==$TORCH_VERSION (about 800 MB) and two CUDA runtime wheels from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
  --python-version 3.11 --implementation cp --platform manylinux1_x86_64 \
  -d "$tmp" -r "$tmp/requirements.txt"

rm -rf "$DEST"
mkdir -p "$DEST/lib" "$DEST/include"
python3 - "$tmp" "$DEST" <<'PY'
import glob, os, re, sys, zipfile
tmp, dest = sys.argv[1:]
keep = re.compile(r"torch/lib/(libc10\.so|libtorch_cpu\.so|libtorch\.so|libshm\.so|libgomp[^/]*\.so[^/]*)$")
with zipfile.ZipFile(glob.glob(os.path.join(tmp, "torch-*.whl"))[0]) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith("/"):
            continue
        if name.startswith("torch/include/"):
            out = os.path.join(dest, "include", name[len("torch/include/"):])
        elif keep.match(name):
            out = os.path.join(dest, "lib", os.path.basename(name))
        else:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as f:
            f.write(src.read())
for wheel, member in [("nvidia_cuda_runtime_cu12-*.whl", "nvidia/cuda_runtime/lib/libcudart.so.12"),
                      ("nvidia_cuda_cupti_cu12-*.whl", "nvidia/cuda_cupti/lib/libcupti.so.12")]:
    with zipfile.ZipFile(glob.glob(os.path.join(tmp, wheel))[0]) as z:
        with open(os.path.join(dest, "lib", os.path.basename(member)), "wb") as f:
            f.write(z.read(member))
PY
echo "$TORCH_VERSION" >"$DEST/build-version"
echo "$WANT" >"$STAMP"
echo "setup-torch: libtorch $TORCH_VERSION (CPU only) installed in $DEST"
