"""Fine-tune a sentence encoder into a 3-way NLI cross-encoder.

Runs on CPU or CUDA. Example (CPU, this repo's small model):
    python models/train/train.py --base build/base/minilm --nli ../shared/nli \
        --out build/train/minilm-nli --epochs 1 --max-train 40000
"""
import argparse
import math
import time

import torch
from transformers import AutoTokenizer, BertForSequenceClassification, get_linear_schedule_with_warmup

import data


def batches(pairs, tok, batch, max_len, seed):
    """Length-bucketed batches with dynamic padding; order shuffled per epoch."""
    for b in data.bucketed(pairs, batch, seed):
        enc = tok([pairs[i][0] for i in b], [pairs[i][1] for i in b], truncation=True,
                  max_length=max_len, padding=True, return_tensors="pt")
        yield enc, torch.tensor([pairs[i][2] for i in b])


@torch.no_grad()
def accuracy(model, tok, pairs, device, batch=128, max_len=128):
    model.eval()
    right = 0
    for s in range(0, len(pairs), batch):
        b = pairs[s:s + batch]
        enc = tok([p for p, _, _ in b], [h for _, h, _ in b], truncation=True,
                  max_length=max_len, padding=True, return_tensors="pt").to(device)
        pred = model(**enc).logits.argmax(-1).cpu()
        right += int((pred == torch.tensor([y for _, _, y in b])).sum())
    model.train()
    return right / len(pairs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="folder with config.json, model.safetensors, tokenizer files")
    ap.add_argument("--nli", default="../shared/nli")
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=float, default=4)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--max-train", type=int, default=0, help="use at most N training pairs (0: all)")
    ap.add_argument("--sources", default="", help="comma-separated nli3 sources (default: all but the test)")
    ap.add_argument("--eval-every", type=int, default=0, help="steps between MNLI-m checks on 2,000 pairs")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train, test = data.load(a.nli, [s for s in a.sources.split(",") if s] or None, a.seed)
    if a.max_train:
        train = train[:a.max_train]
    print(f"train {len(train)} pairs, test {len(test)} pairs, device {device}", flush=True)

    tok = AutoTokenizer.from_pretrained(a.base)
    model = BertForSequenceClassification.from_pretrained(
        a.base, num_labels=3,
        id2label={i: l for i, l in enumerate(data.LABELS)},
        label2id={l: i for i, l in enumerate(data.LABELS)}).to(device)
    steps_per_epoch = math.ceil(len(train) / a.batch)
    total = int(steps_per_epoch * a.epochs)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * total), total)
    use_bf16 = device == "cuda"
    step, t0 = 0, time.time()
    model.train()
    epoch = 0
    while step < total:
        for enc, y in batches(train, tok, a.batch, a.max_len, a.seed + epoch):
            enc, y = enc.to(device), y.to(device)
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=use_bf16):
                loss = torch.nn.functional.cross_entropy(model(**enc).logits.float(), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                print(f"step {step}/{total} loss {loss.item():.4f} {el:.0f}s eta {el / step * (total - step):.0f}s", flush=True)
            if a.eval_every and step % a.eval_every == 0:
                print(f"step {step} mnli-m[:2000] {accuracy(model, tok, test[:2000], device):.4f}", flush=True)
            if step >= total:
                break
        epoch += 1
    model.save_pretrained(a.out, safe_serialization=True)
    tok.save_pretrained(a.out)
    print(f"saved {a.out}; trained {step} steps in {time.time() - t0:.0f}s", flush=True)
    print(f"mnli-m accuracy (torch fp32, all {len(test)}): {accuracy(model, tok, test, device):.4f}", flush=True)


if __name__ == "__main__":
    main()
