"""Blind relabelling of a sample of the stance corpus, and the agreement it shows.

    python models/train/relabel.py sample --per-file 50 --out labels/train/relabel/blind.jsonl
    (a second annotator fills labels/train/relabel/second.jsonl: one {"id", "speaker",
     "speaker_country", "stance"} per blind record, without seeing the first labels)
    python models/train/relabel.py agree --blind labels/train/relabel/blind.jsonl \
        --second labels/train/relabel/second.jsonl [--disagreements out.jsonl]

`sample` draws records per file with a fixed seed and writes them without labels, each
with the two sentences before it in its document as context. `agree` reports Cohen's
kappa and raw agreement on stance (five labels, per target), mention agreement, stance
macro-F1 of the second annotator against the first where both see a mention, and
speaker agreement (final name tokens, as the shared scoring conventions match them).
`apply --adjudicated FILE` writes a third reader's decisions on the disagreements back
into the corpus (records marked "drop" are removed and their documents renumbered).
"""
import argparse
import collections
import glob
import json
import random

TARGETS = ["US", "China", "Russia"]
STANCE = ["supportive", "critical", "balancing", "neutral"]


def load(pattern):
    recs = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            recs += [json.loads(line) | {"_file": path} for line in f if line.strip()]
    return recs


def sample(a):
    recs = load(a.corpus)
    by_doc = collections.defaultdict(list)
    for r in recs:
        by_doc[r["doc"]].append(r)
    for v in by_doc.values():
        v.sort(key=lambda r: r["i"])
    by_file = collections.defaultdict(list)
    for r in recs:
        by_file[r["_file"]].append(r)
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as out:
        k = 0
        for path in sorted(by_file):
            for r in rng.sample(by_file[path], min(a.per_file, len(by_file[path]))):
                doc = by_doc[r["doc"]]
                pos = doc.index(r)
                ctx = " ".join(x["text"] for x in doc[max(0, pos - 2):pos])
                out.write(json.dumps({"id": k, "doc": r["doc"], "i": r["i"], "context": ctx,
                                      "text": r["text"]}, ensure_ascii=False) + "\n")
                k += 1
    print(f"{k} blind records -> {a.out}")


def kappa(pairs):
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    ca, cb = collections.Counter(x for x, _ in pairs), collections.Counter(y for _, y in pairs)
    pe = sum(ca[c] * cb[c] for c in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe), po


def f1s(pairs):
    out = []
    for lab in STANCE:
        tp = sum(x == lab and y == lab for x, y in pairs)
        p = tp / max(sum(y == lab for _, y in pairs), 1)
        r = tp / max(sum(x == lab for x, _ in pairs), 1)
        out.append(0 if p + r == 0 else 2 * p * r / (p + r))
    return sum(out) / len(out), out


def last(name):
    return name.lower().split()[-1] if name.strip() else ""


def agree(a):
    first = {(r["doc"], r["i"]): r for r in load(a.corpus)}
    blind = {r["id"]: r for r in load(a.blind)}
    second = {r["id"]: r for r in load(a.second)}
    stance, mention, given, speaker, country, bad = [], [], [], [], [], []
    for k, b in blind.items():
        s = second.get(k)
        if s is None:
            continue
        f = first[(b["doc"], b["i"])]
        for t in TARGETS:
            x, y = f["stance"][t], s["stance"][t]
            stance.append((x, y))
            mention.append((x != "none", y != "none"))
            if x != "none" and y != "none":
                given.append((x, y))
        speaker.append(last(f["speaker"]) == last(s["speaker"]))
        country.append(f["speaker_country"] == s["speaker_country"])
        if any(f["stance"][t] != s["stance"][t] for t in TARGETS):
            bad.append({"id": k, "doc": b["doc"], "i": b["i"], "text": b["text"],
                        "first": f["stance"], "second": s["stance"]})
    k5, po5 = kappa(stance)
    km, pom = kappa(mention)
    mf, per = f1s(given)
    res = {"records": len(speaker), "stance_kappa_5": k5, "stance_agreement_5": po5,
           "mention_kappa": km, "mention_agreement": pom,
           "stance_given_mention_macro_f1": mf, "per_label_f1": dict(zip(STANCE, per)),
           "speaker_agreement": sum(speaker) / len(speaker),
           "speaker_country_agreement": sum(country) / len(country),
           "records_with_a_stance_disagreement": len(bad)}
    print(json.dumps(res, indent=1))
    if a.disagreements:
        with open(a.disagreements, "w", encoding="utf-8") as fh:
            for d in bad:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def apply(a):
    """Write adjudicated labels into the corpus files; drop what was judged undecidable."""
    fixes = {(r["doc"], r["i"]): r for r in load(a.adjudicated)}
    changed = dropped = 0
    for path in sorted(glob.glob(a.corpus)):
        with open(path, encoding="utf-8") as f:
            recs = [json.loads(line) for line in f if line.strip()]
        out, shift = [], collections.Counter()
        for r in recs:
            fx = fixes.get((r["doc"], r["i"]))
            if fx and fx.get("drop"):
                shift[r["doc"]] += 1
                dropped += 1
                continue
            if fx and fx["stance"] != r["stance"]:
                r["stance"] = fx["stance"]
                changed += 1
            r["i"] -= shift[r["doc"]]
            out.append(r)
        with open(path, "w", encoding="utf-8") as f:
            for r in out:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{changed} records relabelled, {dropped} dropped")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--corpus", default="labels/train/*.jsonl")
    s.add_argument("--per-file", type=int, default=50)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--out", required=True)
    g = sub.add_parser("agree")
    g.add_argument("--corpus", default="labels/train/*.jsonl")
    g.add_argument("--blind", required=True)
    g.add_argument("--second", required=True)
    g.add_argument("--disagreements")
    p = sub.add_parser("apply")
    p.add_argument("--corpus", default="labels/train/*.jsonl")
    p.add_argument("--adjudicated", required=True)
    a = ap.parse_args()
    {"sample": sample, "agree": agree, "apply": apply}[a.cmd](a)


if __name__ == "__main__":
    main()
