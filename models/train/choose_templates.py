"""Choose the product's hypotheses from the training pool on the dev split; score NewsMTSC.

For a trained checkpoint, scores every dev mention (labels/train, dev documents only)
against every template of the pool, then tries every non-empty subset per label
(plain mean of entailment log-probabilities, argmax over the four labels) and reports
the best macro-F1 and the smallest set within `--tolerance` of it. With `--newsmtsc`,
also scores NewsMTSC devtest_rw (never trained on) over supportive / critical /
neutral with the chosen (or `--use`) templates. Example:

    python models/train/choose_templates.py --model build/train/stance/final --newsmtsc
"""
import argparse
import itertools
import json

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import stance_data as sd
from stance_score import macro_f1, predict, score_all


def subsets(n):
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="HF folder (a training checkpoint or a shipped model folder)")
    ap.add_argument("--corpus", default="labels/train/*.jsonl")
    ap.add_argument("--templates", default="models/train/templates.toml")
    ap.add_argument("--targets", default="labels/targets.toml")
    ap.add_argument("--tolerance", type=float, default=0.005)
    ap.add_argument("--use", help="score this templates TOML instead of choosing (e.g. labels/stance.toml)")
    ap.add_argument("--newsmtsc", action="store_true", help="also score NewsMTSC devtest_rw")
    ap.add_argument("--stance-file", default="../shared/stance/newsmtsc.jsonl.gz")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(a.model)
    model = AutoModelForSequenceClassification.from_pretrained(a.model, dtype=torch.float32)
    names = sd.target_names(a.targets)
    res = {"model": a.model}
    if a.use:
        templates = sd.load_templates(a.use)
        choice = {lab: list(range(len(templates[lab]))) for lab in sd.STANCE}
    else:
        templates = sd.load_templates(a.templates)
    dev = sd.mentions(a.corpus, names, "dev")
    lp, offsets = score_all(model, tok, dev, templates, sd.STANCE)
    gold = [m["label"] for m in dev]
    if not a.use:
        best = []
        per = {lab: subsets(len(templates[lab])) for lab in sd.STANCE}
        for combo in itertools.product(*(per[lab] for lab in sd.STANCE)):
            choice = dict(zip(sd.STANCE, combo))
            f, _ = macro_f1(predict(lp, len(dev), offsets, choice, sd.STANCE), gold, sd.STANCE)
            best.append((f, sum(len(c) for c in combo), choice))
        top = max(f for f, _, _ in best)
        allk = [c for c in best if all(len(c[2][lab]) == len(templates[lab]) for lab in sd.STANCE)][0]
        near = sorted([c for c in best if c[0] >= top - a.tolerance], key=lambda c: (c[1], -c[0]))
        f, size, choice = near[0]
        print(f"dev mentions {len(dev)}: all {sum(len(v) for v in templates.values())} templates {allk[0]:.4f}; "
              f"best subset {top:.4f}; chosen ({size} templates, within {a.tolerance}) {f:.4f}")
        res.update(dev_all_templates=allk[0], dev_best=top)
    f, per_label = macro_f1(predict(lp, len(dev), offsets, choice, sd.STANCE), gold, sd.STANCE)
    chosen = {lab: [templates[lab][k] for k in choice[lab]] for lab in sd.STANCE}
    print(f"dev macro-F1 {f:.4f} " + " ".join(f"{lab} {x:.3f}" for lab, x in zip(sd.STANCE, per_label)))
    for lab in sd.STANCE:
        print(f"  {lab}: " + " | ".join(chosen[lab]))
    res.update(dev_mentions=len(dev), dev_macro_f1=f, dev_per_label=dict(zip(sd.STANCE, per_label)),
               templates=chosen)
    if a.newsmtsc:
        three = ["supportive", "critical", "neutral"]
        ms = sd.newsmtsc(a.stance_file, "devtest_rw")
        lp3, off3 = score_all(model, tok, ms, chosen, three)
        ch3 = {lab: list(range(len(chosen[lab]))) for lab in three}
        f3, per3 = macro_f1(predict(lp3, len(ms), off3, ch3, three), [m["label"] for m in ms], three)
        print(f"NewsMTSC devtest_rw ({len(ms)} targets) macro-F1 {f3:.4f} "
              + " ".join(f"{lab} {x:.3f}" for lab, x in zip(three, per3)))
        res.update(newsmtsc_devtest_rw=f3, newsmtsc_per_label=dict(zip(three, per3)))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(res, fh, indent=1)


if __name__ == "__main__":
    main()
