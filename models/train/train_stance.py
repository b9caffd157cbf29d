"""Fine-tune an NLI cross-encoder on stance recast as NLI, mixed with general NLI (issue 13).

Each epoch builds its pairs afresh from the seed and the epoch number (so a resumed run
sees the same batches): every training mention of `labels/train/*.jsonl` (dev documents
excluded, see stance_data.is_dev) with `--per-label` templates drawn per stance label
from `--templates`, `--newsmtsc` NewsMTSC train targets over three labels, and a fresh
slice of `--nli` general NLI pairs. Batches are length-bucketed; bf16 autocast on CPU
(`--bf16`, the default) or CUDA. A checkpoint (model, optimiser, schedule, position) is
written atomically every `--ckpt-every` steps and at each epoch end; `--resume` goes on
from it, so a run longer than one process may live is stopped and continued. Example:

    python models/train/train_stance.py --base models/minilm-nli --out build/train/stance \
        --epochs 2 --nli 8000 --newsmtsc 2000 [--resume]
"""
import argparse
import math
import os
import random
import time

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

import data
import stance_data as sd
import stance_score as ss


def epoch_pairs(a, ms, news, nli, templates, epoch):
    rng = random.Random(a.seed * 1000 + epoch)
    pairs = sd.stance_pairs(ms, templates, a.per_label, rng)
    pairs += sd.stance_pairs(news, templates, a.per_label, rng, labels=["supportive", "critical", "neutral"])
    if a.nli:
        start = (epoch * a.nli) % max(len(nli), 1)
        pairs += (nli[start:] + nli[:start])[:a.nli]
    return pairs


def dev_f1(model, tok, ms, templates, labels=sd.STANCE):
    """Macro-F1 of plain template means (all templates) on mentions."""
    lp, offsets = ss.score_all(model, tok, ms, templates, labels)
    every = {lab: list(range(len(templates[lab]))) for lab in labels}
    return ss.macro_f1(ss.predict(lp, len(ms), offsets, every, labels), [m["label"] for m in ms], labels)


def save_ckpt(path, model, opt, sched, state):
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                "state": state, "rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="HF folder of an NLI cross-encoder (config.json, model.safetensors, tokenizer)")
    ap.add_argument("--out", required=True, help="run folder: ckpt.pt, final/ (ignored by git: keep it under build/)")
    ap.add_argument("--corpus", default="labels/train/*.jsonl")
    ap.add_argument("--templates", default="models/train/templates.toml")
    ap.add_argument("--targets", default="labels/targets.toml")
    ap.add_argument("--nli-dir", default="../shared/nli")
    ap.add_argument("--stance-file", default="../shared/stance/newsmtsc.jsonl.gz")
    ap.add_argument("--nli", type=int, default=8000, help="general NLI pairs per epoch")
    ap.add_argument("--newsmtsc", type=int, default=2000, help="NewsMTSC train targets (0: none)")
    ap.add_argument("--per-label", type=int, default=1, help="templates drawn per label per mention and epoch (0: all)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--ckpt-every", type=int, default=300)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--no-bf16", action="store_true")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    names = sd.target_names(a.targets)
    templates = sd.load_templates(a.templates)
    train_ms = sd.mentions(a.corpus, names, "train")
    dev_ms = sd.mentions(a.corpus, names, "dev")
    news = sd.newsmtsc(a.stance_file, "train", a.newsmtsc, a.seed) if a.newsmtsc else []
    nli, _, _ = sd.nli_pairs(a.nli_dir, 0, a.seed) if a.nli else ([], None, None)
    first = epoch_pairs(a, train_ms, news, nli, templates, 0)  # every epoch has this many
    per_epoch = len(first)
    steps_per_epoch = math.ceil(per_epoch / a.batch)
    total = steps_per_epoch * a.epochs
    print(f"train mentions {len(train_ms)}, dev mentions {len(dev_ms)}, newsmtsc {len(news)}, "
          f"nli/epoch {a.nli}; {per_epoch} pairs/epoch, {total} steps, device {device}", flush=True)

    os.makedirs(a.out, exist_ok=True)
    ckpt = os.path.join(a.out, "ckpt.pt")
    tok = AutoTokenizer.from_pretrained(a.base)
    # num_labels and label names are given so that a plain encoder (MPNet, MiniLM) gets a
    # fresh 3-way head; an NLI base already has this head and keeps it.
    model = AutoModelForSequenceClassification.from_pretrained(
        a.base, dtype=torch.float32, num_labels=3,
        id2label=dict(enumerate(sd.NLI_LABELS)), label2id={lab: i for i, lab in enumerate(sd.NLI_LABELS)}).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    state = {"epoch": 0, "batch": 0, "step": 0}
    if a.resume and os.path.exists(ckpt):
        c = torch.load(ckpt, map_location=device, weights_only=False)
        model.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        sched.load_state_dict(c["sched"])
        state = c["state"]
        torch.set_rng_state(c["rng"])
        print(f"resumed at epoch {state['epoch']} batch {state['batch']} (step {state['step']})", flush=True)
    use_bf16 = not a.no_bf16
    model.train()
    t0, done0 = time.time(), state["step"]
    while state["epoch"] < a.epochs:
        pairs = first if state["epoch"] == 0 else epoch_pairs(a, train_ms, news, nli, templates, state["epoch"])
        order = data.bucketed(pairs, a.batch, a.seed + state["epoch"])
        for bi in range(state["batch"], len(order)):
            b = order[bi]
            enc = tok([pairs[i][0] for i in b], [pairs[i][1] for i in b], truncation=True,
                      max_length=a.max_len, padding=True, return_tensors="pt").to(device)
            y = torch.tensor([pairs[i][2] for i in b], device=device)
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=use_bf16):
                logits = model(**enc).logits
            loss = torch.nn.functional.cross_entropy(logits.float(), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            state["step"] += 1
            state["batch"] = bi + 1
            if state["step"] % 50 == 0:
                el = time.time() - t0
                rate = (state["step"] - done0) / max(el, 1e-9)
                print(f"epoch {state['epoch'] + 1}/{a.epochs} step {state['step']}/{total} loss {loss.item():.4f} "
                      f"{el:.0f}s eta {(total - state['step']) / max(rate, 1e-9):.0f}s", flush=True)
            if state["step"] % a.ckpt_every == 0:
                save_ckpt(ckpt, model, opt, sched, state)
        state = {"epoch": state["epoch"] + 1, "batch": 0, "step": state["step"]}
        save_ckpt(ckpt, model, opt, sched, state)
        ep_dir = os.path.join(a.out, f"epoch{state['epoch']}")
        model.save_pretrained(ep_dir, safe_serialization=True)
        tok.save_pretrained(ep_dir)
        if dev_ms:
            f, per = dev_f1(model, tok, dev_ms, templates)
            print(f"epoch {state['epoch']} dev stance macro-F1 (plain means, all templates) {f:.4f} "
                  + " ".join(f"{lab} {x:.3f}" for lab, x in zip(sd.STANCE, per)), flush=True)
    final = os.path.join(a.out, "final")
    model.save_pretrained(final, safe_serialization=True)
    tok.save_pretrained(final)
    print(f"saved {final}; {state['step']} steps, {time.time() - t0:.0f}s this process", flush=True)


if __name__ == "__main__":
    main()
