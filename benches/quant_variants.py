"""Faster model files, measured against fp32 on exactly the pairs geostance sends (issue 16).

Makes each variant of `MODEL/model.onnx` under `--work` and measures, on the pairs of
`geostance run --pairs-out` (one file per split), at `--threads` and batch 32:
pairs/s, argmax agreement with fp32, the largest logit change, and batch independence
(the largest logit change of a pair scored alone against the same pair inside a batch of
32 longer pairs). Static int8 variants are calibrated on `--calib` pairs (the training
split, never the set they are measured on).

    python benches/quant_variants.py --model models/minilm-stance \
        --pairs dev=build/q/dev-pairs.jsonl seeds=build/bench/pairs.jsonl \
        --calib build/q/train-pairs.jsonl --work build/q --json build/q/variants.json
"""
import argparse
import json
import os
import random
import time

import numpy as np
import onnx
import onnxruntime as ort
from tokenizers import Tokenizer


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Encoder:
    def __init__(self, tokenizer_file, max_len=256):
        self.tok = Tokenizer.from_file(tokenizer_file)
        self.tok.enable_truncation(max_len)
        self.tok.no_padding()

    def feed(self, chunk, names, width=0):
        encs = self.tok.encode_batch([(p["premise"], p["hypothesis"]) for p in chunk])
        width = max(width, max(len(e.ids) for e in encs))
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for r, e in enumerate(encs):
            n = len(e.ids)
            ids[r, :n] = e.ids
            mask[r, :n] = e.attention_mask
            types[r, :n] = e.type_ids
        f = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return {k: f[k] for k in names}


def session(path, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def score(sess, enc, pairs, batch=32):
    names = [i.name for i in sess.get_inputs()]
    sess.run(None, enc.feed(pairs[:batch], names))
    out = []
    t0 = time.perf_counter()
    for i in range(0, len(pairs), batch):
        out.append(sess.run(None, enc.feed(pairs[i:i + batch], names))[0])
    return np.concatenate(out), time.perf_counter() - t0


def batch_gap(sess, enc, pairs, n=40):
    """Largest logit change of a pair alone vs inside a batch of 32 (31 longer batch-mates)."""
    names = [i.name for i in sess.get_inputs()]
    longest = sorted(pairs, key=lambda p: -len(p["premise"]))[:31]
    rng = random.Random(7)
    gap = 0.0
    for p in rng.sample(pairs, min(n, len(pairs))):
        alone = sess.run(None, enc.feed([p], names))[0][0]
        inside = sess.run(None, enc.feed(longest + [p], names))[0][-1]
        gap = max(gap, float(np.abs(alone - inside).max()))
    return gap


class Reader:
    """Calibration batches for quantize_static."""

    def __init__(self, enc, pairs, names, batch=32):
        # One width for every batch: the histogram calibrators stack batches.
        width = max(len(e.ids) for e in enc.tok.encode_batch([(p["premise"], p["hypothesis"]) for p in pairs]))
        self.items = [enc.feed(pairs[i:i + batch], names, width) for i in range(0, len(pairs), batch)]
        self.i = 0

    def get_next(self):
        if self.i >= len(self.items):
            return None
        self.i += 1
        return self.items[self.i - 1]

    def rewind(self):
        self.i = 0


def make_nbits(src, dst, bits, block):
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    q = MatMulNBitsQuantizer(onnx.load(src), bits=bits, block_size=block, is_symmetric=True, accuracy_level=4)
    q.process()
    q.model.save_model_to_file(dst, use_external_data_format=False)


MAXIMA = {}


def make_smooth(src, dst, tokenizer_file, calib, alpha, **kw):
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "models", "train"))
    import quantize_rows

    if "m" not in MAXIMA:
        MAXIMA["m"] = quantize_rows.channel_maxima(src, tokenizer_file, [(p["premise"], p["hypothesis"]) for p in calib])
    quantize_rows.quantize(src, dst, maxima=MAXIMA["m"], alpha=alpha, **kw)


def make_rows(src, dst, skip=None, **kw):
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "models", "train"))
    import quantize_rows

    quantize_rows.quantize(src, dst, skip=skip, **kw)


def make_static(src, dst, enc, calib, method, exclude_ops, work):
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = os.path.join(work, "pre.onnx")
    if not os.path.exists(pre):
        quant_pre_process(src, pre, skip_symbolic_shape=True)
    names = [i.name for i in onnx.load(pre).graph.input]
    ops = [o for o in ["MatMul", "Gemm", "Add", "Mul"] if o not in exclude_ops]
    quantize_static(
        pre, dst, Reader(enc, calib, names), quant_format=QuantFormat.QDQ,
        op_types_to_quantize=["MatMul"] if "only_matmul" in exclude_ops else ops,
        per_channel=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        calibrate_method={"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
                          "entropy": CalibrationMethod.Entropy}[method],
        extra_options={"ActivationSymmetric": False, "WeightSymmetric": True},
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/minilm-stance")
    ap.add_argument("--pairs", nargs="+", required=True, help="NAME=PATH of geostance --pairs-out files")
    ap.add_argument("--calib", required=True, help="pairs for static calibration (training split)")
    ap.add_argument("--calib-n", type=int, default=1024)
    ap.add_argument("--work", default="build/q")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="variant names to run (default: all)")
    ap.add_argument("--json")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    enc = Encoder(os.path.join(a.model, "tokenizer.json"))
    sets = {k: read_jsonl(v) for k, v in (s.split("=", 1) for s in a.pairs)}
    calib = read_jsonl(a.calib)
    random.Random(11).shuffle(calib)
    calib = calib[:a.calib_n]
    fp32 = os.path.join(a.model, "model.onnx")
    W = lambda n: os.path.join(a.work, n)
    variants = {
        "fp32": (fp32, None),
        "dynamic-int8 (shipped)": (os.path.join(a.model, "model.int8.onnx"), None),
        "nbits8-b32": (W("nbits8-b32.onnx"), lambda d: make_nbits(fp32, d, 8, 32)),
        "nbits8-b128": (W("nbits8-b128.onnx"), lambda d: make_nbits(fp32, d, 8, 128)),
        "nbits4-b32": (W("nbits4-b32.onnx"), lambda d: make_nbits(fp32, d, 4, 32)),
        "rows-int8": (W("rows-int8.onnx"), lambda d: make_rows(fp32, d)),
        "rows-int8-grouped": (W("rows-int8-grouped.onnx"), lambda d: make_rows(fp32, d, group=True)),
        **{f"rows-smooth-{al}": (W(f"rows-smooth-{al}.onnx"),
                                  (lambda al: lambda d: make_smooth(fp32, d, os.path.join(a.model, "tokenizer.json"),
                                                                    calib[:512], al))(al))
           for al in (0.3, 0.5, 0.7, 0.85)},
        **{f"rows-smooth-grouped-{al}": (W(f"rows-smooth-grouped-{al}.onnx"),
                                          (lambda al: lambda d: make_smooth(fp32, d, os.path.join(a.model, "tokenizer.json"),
                                                                            calib[:512], al, group=True, dequant=True))(al))
           for al in (0.3, 0.5, 0.7)},
        "rows-smooth-group-nodq-0.5": (W("rows-smooth-g-nodq.onnx"), lambda d: make_smooth(
            fp32, d, os.path.join(a.model, "tokenizer.json"), calib[:512], 0.5, group=True)),
        "rows-smooth-dq-0.5": (W("rows-smooth-dq.onnx"), lambda d: make_smooth(
            fp32, d, os.path.join(a.model, "tokenizer.json"), calib[:512], 0.5, dequant=True)),
        "rows-int8-keep-ffn-out": (W("rows-keep-out.onnx"), lambda d: make_rows(fp32, d, skip=r"/output/dense/")),
        "static-minmax": (W("static-minmax.onnx"), lambda d: make_static(fp32, d, enc, calib, "minmax", [], a.work)),
        "static-matmul-minmax": (W("static-mm-minmax.onnx"),
                                 lambda d: make_static(fp32, d, enc, calib, "minmax", ["only_matmul"], a.work)),
        "static-matmul-percentile": (W("static-mm-pct.onnx"),
                                     lambda d: make_static(fp32, d, enc, calib, "percentile", ["only_matmul"], a.work)),
    }
    base = {}
    results = []
    for name, (path, make) in variants.items():
        if a.only and name not in a.only and name != "fp32":
            continue
        if make and not os.path.exists(path):
            t = time.perf_counter()
            make(path)
            print(f"made {path} in {time.perf_counter() - t:.0f}s", flush=True)
        sess = session(path, a.threads)
        row = {"variant": name, "file": path, "mb": os.path.getsize(path) / 2**20,
               "batch_gap": batch_gap(sess, enc, next(iter(sets.values())))}
        for sname, pairs in sets.items():
            logits, secs = score(sess, enc, pairs)
            if name == "fp32":
                base[sname] = logits
            b = base[sname]
            row[sname] = {"pairs_per_s": len(pairs) / secs,
                          "argmax_agree": float((logits.argmax(1) == b.argmax(1)).mean()),
                          "max_logit_change": float(np.abs(logits - b).max())}
        results.append(row)
        cells = "  ".join(f"{s}: {row[s]['pairs_per_s']:6.1f}/s agree {row[s]['argmax_agree']:.4f} "
                          f"dmax {row[s]['max_logit_change']:.3f}" for s in sets)
        print(f"{name:26} {row['mb']:6.1f} MB  batch-gap {row['batch_gap']:.2e}  {cells}", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
