"""Choose hypothesis templates and the scoring rule by measurement.

Input: a `geostance run --with-features --label-dir DIR` prediction file made with a
large candidate set of templates (DIR/stance.toml), and hand labels. For each label
it greedily picks the templates that most raise stance macro-F1 (given mention) on the
tuning labels, under each scoring rule (plain mean, corpus-centred mean), then reports
the chosen set on the other (held-out) labels. Example:
    python models/train/tune_stance.py --toml build/tune/stance.toml \
        --tune build/tune/examples.jsonl labels/examples.gold.jsonl \
        --test build/tune/seeds.jsonl ../shared/labels/seeds.gold.jsonl
"""
import argparse
import json
import tomllib

import numpy as np

LABELS = ["supportive", "critical", "balancing", "neutral"]


def norm(t):
    return " ".join(t.split())


def load(pred_path, gold_path):
    preds = {}
    for line in open(pred_path):
        r = json.loads(line)
        preds[(r["doc"], norm(r["text"]))] = r
    xs, ys, alts = [], [], []
    for line in open(gold_path):
        g = json.loads(line)
        if g["boilerplate"]:
            continue
        p = preds.get((g["doc"], norm(g["text"])))
        for t in ("US", "China", "Russia"):
            if g["stance"][t] == "none":
                continue
            f = p and p.get("features", {}).get(t)
            xs.append(np.array(f) if f else None)
            ys.append(LABELS.index(g["stance"][t]))
            alts.append((g.get("stance_alt") or {}).get(t))
    return xs, np.array(ys), alts


def macro_f1(pred, gold):
    f1s = []
    for l in range(4):
        tp = np.sum((pred == l) & (gold == l))
        p = tp / max(np.sum(pred == l), 1)
        r = tp / max(np.sum(gold == l), 1)
        f1s.append(0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def predict(xs, choice, per, center):
    present = [x for x in xs if x is not None]
    mean = np.mean(present, axis=0) if present and center else 0
    out = []
    for x in xs:
        if x is None:
            out.append(-1)  # mention missed: always wrong
            continue
        z = x - mean
        scores = [np.mean([z[l * per + k] for k in choice[l]]) for l in range(4)]
        out.append(int(np.argmax(scores)))
    return np.array(out)


def greedy(xs, ys, per, center):
    choice = [[0] for _ in range(4)]
    best = macro_f1(predict(xs, choice, per, center), ys)
    improved = True
    while improved:
        improved = False
        for l in range(4):
            for k in range(per):
                for op in ("add", "swap"):
                    trial = [list(c) for c in choice]
                    if op == "add" and k not in trial[l]:
                        trial[l].append(k)
                    elif op == "swap":
                        trial[l] = [k]
                    else:
                        continue
                    f = macro_f1(predict(xs, trial, per, center), ys)
                    if f > best + 1e-9:
                        best, choice, improved = f, trial, True
    return choice, best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--toml", required=True)
    ap.add_argument("--tune", nargs=2, required=True, metavar=("PRED", "GOLD"))
    ap.add_argument("--test", nargs=2, metavar=("PRED", "GOLD"))
    a = ap.parse_args()
    tpl = tomllib.load(open(a.toml, "rb"))["templates"]
    per = len(tpl[LABELS[0]])
    tx, ty, _ = load(*a.tune)
    sets = [tx, ty]
    if a.test:
        sx, sy, salt = load(*a.test)
    allk = [list(range(per)) for _ in range(4)]
    for center in (False, True):
        name = "centred" if center else "plain"
        print(f"[{name}] all templates: tune {macro_f1(predict(tx, allk, per, center), ty):.3f}"
              + (f", test {macro_f1(predict(sx, allk, per, center), sy):.3f}" if a.test else ""))
        choice, f = greedy(tx, ty, per, center)
        line = f"[{name}] greedy on tune: tune {f:.3f}"
        if a.test:
            line += f", test {macro_f1(predict(sx, choice, per, center), sy):.3f}"
        print(line)
        for l, c in zip(LABELS, choice):
            print(f"   {l}: " + " | ".join(tpl[l][k] for k in c))


if __name__ == "__main__":
    main()
