"""Side by side, in one run, on one machine and thread count (issue 16):

  (a) the Hugging Face zero-shot pipeline with the shipped model, over the body units of a
      corpus as an HF user would send them (every unit x every target x every label, one
      hypothesis template per target);
  (b) raw ONNX Runtime over exactly the pairs geostance sends (`geostance run
      --pairs-out`), with the same model file, tokenizer, batch size and threads;
  (c) `geostance run` end to end (timed by scripts/bench-side-by-side.sh, passed in).

Prints one table and the ratios, and writes them as JSON. Run it through
scripts/bench-side-by-side.sh, which builds geostance, runs (c) and makes the inputs.

    python benches/side_by_side.py --model models/minilm-stance --units U.jsonl \
        --pairs P.jsonl --geostance G.json --threads 2 --json out.json
"""
import argparse
import json
import os
import sys
import time

LABELS = ["supportive", "critical", "balancing", "neutral"]
TARGETS = {"US": "the United States", "China": "China", "Russia": "Russia"}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def hf_pipeline(model_dir, units, threads, batch):
    """(a): transformers' zero-shot-classification pipeline on PyTorch, CPU, fp32."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    torch.set_num_threads(threads)
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32)
    model.eval()
    clf = pipeline("zero-shot-classification", model=model, tokenizer=tok, device=-1)
    clf(units[:2], candidate_labels=LABELS, hypothesis_template="This text is {} toward China.")
    t0 = time.perf_counter()
    for name in TARGETS.values():
        clf(units, candidate_labels=LABELS, batch_size=batch,
            hypothesis_template="This text is {} toward " + name + ".")
    secs = time.perf_counter() - t0
    pairs = len(units) * len(TARGETS) * len(LABELS)
    return {"secs": secs, "pairs": pairs, "units": len(units)}


def raw_ort(model_file, tokenizer_file, pairs, threads, batch, max_len):
    """(b): ONNX Runtime alone: tokenise, pad per batch, run; pairs in geostance's order."""
    import onnxruntime as ort

    from quant_variants import Encoder  # the same tokenise-and-pad as the variant bench

    enc = Encoder(tokenizer_file, max_len)
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(model_file, so, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]

    def run(chunk):
        return sess.run(None, enc.feed(chunk, names))[0]

    run(pairs[:batch])
    t0 = time.perf_counter()
    for i in range(0, len(pairs), batch):
        run(pairs[i:i + batch])
    secs = time.perf_counter() - t0
    return {"secs": secs, "pairs": len(pairs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/minilm-stance")
    ap.add_argument("--units", required=True, help="JSONL of geostance's sentences.jsonl (body units are used)")
    ap.add_argument("--pairs", required=True, help="JSONL written by geostance run --pairs-out")
    ap.add_argument("--geostance", required=True, help="JSON with geostance's wall seconds and model figures")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--onnx-file", default="model.rows8.onnx",
                    help="the file geostance runs by default (raw ONNX Runtime runs the same one)")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()

    units = [r["text"] for r in read_jsonl(a.units) if not r["boilerplate"]]
    pairs = read_jsonl(a.pairs)
    g = json.load(open(a.geostance))
    hf = hf_pipeline(a.model, units, a.threads, a.batch)
    raw = raw_ort(os.path.join(a.model, a.onnx_file), os.path.join(a.model, "tokenizer.json"),
                  pairs, a.threads, a.batch, a.max_len)
    n = len(units)
    rows = [
        ("HF zero-shot pipeline (torch fp32)", hf["pairs"], hf["secs"], n / hf["secs"]),
        ("raw ONNX Runtime, geostance's pairs", raw["pairs"], raw["secs"], None),
        ("geostance model stage", g["scored"], g["model_secs"], None),
        ("geostance run, end to end", g["scored"], g["wall_secs"], n / g["wall_secs"]),
    ]
    print(f"{n} body units, {a.threads} threads, batch {a.batch}, model {a.model}, geostance and raw ORT on {a.onnx_file}")
    print(f"{'what':40} {'pairs':>7} {'secs':>7} {'pairs/s':>8} {'units/s':>8}")
    for name, p, s, u in rows:
        us = f"{u:8.2f}" if u else f"{'':8}"
        print(f"{name:40} {p:7d} {s:7.2f} {p / s:8.1f} {us}")
    out = {
        "units": n,
        "onnx_file": a.onnx_file,
        "threads": a.threads,
        "hf": hf,
        "raw_ort": raw,
        "geostance": g,
        "end_to_end_vs_hf_units_per_s": (n / g["wall_secs"]) / (n / hf["secs"]),
        "engine_vs_raw_ort_pairs_per_s": (g["scored"] / g["model_secs"]) / (raw["pairs"] / raw["secs"]),
    }
    print(f"geostance end to end / HF pipeline, units/s: {out['end_to_end_vs_hf_units_per_s']:.2f}x (bar >= 5x)")
    print(f"geostance model stage / raw ONNX Runtime, pairs/s: {out['engine_vs_raw_ort_pairs_per_s']:.2f}x (bar >= 0.9x)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
