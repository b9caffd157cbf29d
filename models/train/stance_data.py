"""Stance recast as NLI, plus the NLI and NewsMTSC pairs it is mixed with (issue 13).

A labelled mention (sentence, target, gold label) becomes one pair per stance label:
premise = the sentence, hypothesis = one of that label's templates with the target's
hypothesis name, class = entailment for the gold label, contradiction for the opposite
of supportive / critical, neutral for the rest. NewsMTSC targets (critical / neutral /
supportive toward a person or group) are recast the same way over those three labels.

The dev split is chosen by document (a hash of the doc id), so it does not move when
documents are added: `is_dev(doc)`.
"""
import glob
import hashlib
import json
import random
import tomllib

from data import LABELS as NLI_LABELS, TEST_SOURCE, anli_test, read_jsonl_gz

STANCE = ["supportive", "critical", "balancing", "neutral"]
TARGETS = ["US", "China", "Russia"]
OPPOSITE = {"supportive": "critical", "critical": "supportive"}
DEV_PERCENT = 15


def is_dev(doc):
    """True for the ~15 % of documents held out of training (stable per doc id)."""
    return int(hashlib.sha1(doc.encode()).hexdigest(), 16) % 100 < DEV_PERCENT


def pair_class(hyp_label, gold):
    """NLI class index of (sentence with `gold` stance, hypothesis of `hyp_label`)."""
    if hyp_label == gold:
        return 2
    if OPPOSITE.get(gold) == hyp_label:
        return 0
    return 1


def load_templates(path):
    """label -> list of templates with a `{target}` placeholder."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    return {lab: doc["templates"][lab] for lab in STANCE}


def target_names(path="labels/targets.toml"):
    """Target -> the name its hypotheses use ("US" -> "the United States")."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    return {t["name"]: t["hypothesis_name"] for t in doc["target"]}


def records(pattern):
    """Every record of the corpus files matching `pattern`, file by file, in order."""
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def mentions(pattern, names, split):
    """Labelled mentions of our corpus: dicts {doc, text, target, name, label}.

    split: "train", "dev" or "all".
    """
    out = []
    for r in records(pattern):
        if r.get("boilerplate"):
            continue
        dev = is_dev(r["doc"])
        if (split == "dev" and not dev) or (split == "train" and dev):
            continue
        for t in TARGETS:
            lab = r["stance"][t]
            if lab != "none":
                out.append({"doc": r["doc"], "text": r["text"], "target": t,
                            "name": names[t], "label": lab})
    return out


def newsmtsc(path, split, limit=0, seed=13):
    """NewsMTSC mentions as dicts {text, name, label} (target = the mention's text)."""
    rows = [r for r in read_jsonl_gz(path) if r["split"] == split]
    if limit:
        random.Random(seed).shuffle(rows)
        rows = rows[:limit]
    return [{"text": r["text"], "name": r["target"], "label": r["label"]} for r in rows]


def stance_pairs(ms, templates, per_label, rng, labels=STANCE):
    """Pairs for mentions: `per_label` templates drawn per label (0 = all)."""
    out = []
    for m in ms:
        for lab in labels:
            pool = templates[lab]
            chosen = pool if per_label == 0 else rng.sample(pool, min(per_label, len(pool)))
            for tpl in chosen:
                out.append((m["text"], tpl.format(target=m["name"]), pair_class(lab, m["label"])))
    return out


def nli_pairs(nli_dir, limit, seed=13):
    """General NLI training pairs (nli3 but the MNLI-m test, lingnli train, ANLI dev).

    Pairs whose premise is in MNLI-m are dropped. Returns (train, mnli_m, anli_test).
    """
    rows = list(read_jsonl_gz(f"{nli_dir}/nli3.jsonl.gz"))
    test = [(r["premise"], r["hypothesis"], NLI_LABELS.index(r["label"]))
            for r in rows if r["source"] == TEST_SOURCE]
    held = {p.strip().lower() for p, _, _ in test}
    rows = [r for r in rows if r["source"] != TEST_SOURCE]
    rows += [r for r in read_jsonl_gz(f"{nli_dir}/lingnli.jsonl.gz") if r["split"] == "train"]
    rows += [r for r in read_jsonl_gz(f"{nli_dir}/anli.jsonl.gz") if r["split"] == "dev"]
    train = [(r["premise"], r["hypothesis"], NLI_LABELS.index(r["label"]))
             for r in rows if r["premise"].strip().lower() not in held]
    random.Random(seed).shuffle(train)
    return (train[:limit] if limit else train), test, anli_test(nli_dir)
