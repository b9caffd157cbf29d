"""Measure a shipped model on MNLI dev-matched (held out of training) through ONNX Runtime.

Reports accuracy of the fp32, dynamic int8 and (where the folder has it) per-row int8
`model.rows8.onnx` files (and on the ANLI test split, rounds
1-3, when ../shared/nli has anli.jsonl.gz), their argmax agreement, the largest
fp32-ONNX vs PyTorch logit difference (with --checkpoint), and CPU throughput at batch
32 (pairs/s). Example:
    python models/train/evaluate.py --model models/minilm-nli --checkpoint build/train/minilm-nli \
        --threads 2 --out models/minilm-nli/metrics.json
"""
import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

import data


def encode(tok, pairs, names):
    encs = tok.encode_batch([(p, h) for p, h, _ in pairs])
    width = max(len(e.ids) for e in encs)
    feed = {n: np.zeros((len(encs), width), dtype=np.int64) for n in names}
    for r, e in enumerate(encs):
        n = len(e.ids)
        feed["input_ids"][r, :n] = e.ids
        feed["attention_mask"][r, :n] = e.attention_mask
        if "token_type_ids" in feed:
            feed["token_type_ids"][r, :n] = e.type_ids
    return feed


def run(sess, tok, pairs, batch):
    names = [i.name for i in sess.get_inputs()]
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = np.zeros((len(pairs), 3), dtype=np.float32)
    t0 = time.time()
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        out[idx] = sess.run(None, encode(tok, [pairs[i] for i in idx], names))[0]
    return out, time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--nli", default="../shared/nli")
    ap.add_argument("--checkpoint", help="PyTorch checkpoint to compare fp32 logits with")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--out")
    a = ap.parse_args()
    _, test = data.load(a.nli)
    tok = Tokenizer.from_file(os.path.join(a.model, "tokenizer.json"))
    tok.enable_truncation(256)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    res = {"pairs": len(test), "threads": a.threads, "batch": a.batch}
    gold = np.array([y for _, _, y in test])
    anli_test = data.anli_test(a.nli) if os.path.exists(os.path.join(a.nli, "anli.jsonl.gz")) else []
    anli_gold = np.array([y for _, _, y in anli_test])
    logits = {}
    files = [("fp32", "model.onnx"), ("int8", "model.int8.onnx"), ("rows8", "model.rows8.onnx")]
    for name, f in [(n, f) for n, f in files if os.path.exists(os.path.join(a.model, f))]:
        sess = ort.InferenceSession(os.path.join(a.model, f), so, providers=["CPUExecutionProvider"])
        out, secs = run(sess, tok, test, a.batch)
        logits[name] = out
        res[f"accuracy_{name}"] = float((out.argmax(1) == gold).mean())
        res[f"pairs_per_s_{name}"] = len(test) / secs
        print(f"{name}: MNLI-m accuracy {res[f'accuracy_{name}']:.4f}, {res[f'pairs_per_s_{name}']:.1f} pairs/s", flush=True)
        if anli_test:
            out, _ = run(sess, tok, anli_test, a.batch)
            res[f"anli_test_accuracy_{name}"] = float((out.argmax(1) == anli_gold).mean())
            print(f"{name}: ANLI test (rounds 1-3, {len(anli_test)} pairs) accuracy "
                  f"{res[f'anli_test_accuracy_{name}']:.4f}", flush=True)
    res["int8_fp32_argmax_agreement"] = float((logits["fp32"].argmax(1) == logits["int8"].argmax(1)).mean())
    print(f"int8 vs fp32 argmax agreement {res['int8_fp32_argmax_agreement']:.4f}")
    if "rows8" in logits:
        res["rows8_fp32_argmax_agreement"] = float((logits["fp32"].argmax(1) == logits["rows8"].argmax(1)).mean())
        print(f"rows8 vs fp32 argmax agreement {res['rows8_fp32_argmax_agreement']:.4f}")
    if a.checkpoint:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        m = AutoModelForSequenceClassification.from_pretrained(a.checkpoint, attn_implementation="eager").eval()
        ht = AutoTokenizer.from_pretrained(a.checkpoint)
        sub = test[:512]
        diffs = []
        for s in range(0, len(sub), 32):
            b = sub[s:s + 32]
            enc = ht([p for p, _, _ in b], [h for _, h, _ in b], padding=True, truncation=True, max_length=256, return_tensors="pt")
            with torch.no_grad():
                ref = m(**enc).logits.numpy()
            sess = ort.InferenceSession(os.path.join(a.model, "model.onnx"), so, providers=["CPUExecutionProvider"]) if s == 0 else sess
            got = sess.run(None, {k: v.numpy() for k, v in enc.items()})[0]
            diffs.append(float(np.abs(ref - got).max()))
        res["fp32_onnx_vs_torch_max_abs_logit_diff"] = max(diffs)
        print(f"fp32 ONNX vs PyTorch max |logit diff| over 512 pairs: {max(diffs):.2e}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
