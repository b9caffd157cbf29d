"""Training and test pairs from ../shared/nli, with the held-out MNLI-m set kept out.

Pairs whose premise also appears in the held-out test are dropped from training,
so sources derived from MultiNLI (TaxiNLI) cannot leak test items.
"""
import gzip
import json
import random

LABELS = ["contradiction", "neutral", "entailment"]  # index order shipped in config.json
TEST_SOURCE = "mnli_dev_matched"


def read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def load(nli_dir, sources=None, seed=13):
    """Return (train, test): lists of (premise, hypothesis, label_index)."""
    rows = list(read_jsonl_gz(f"{nli_dir}/nli3.jsonl.gz"))
    test = [(r["premise"], r["hypothesis"], LABELS.index(r["label"]))
            for r in rows if r["source"] == TEST_SOURCE]
    test_premises = {p.strip().lower() for p, _, _ in test}
    train = []
    for r in rows:
        if r["source"] == TEST_SOURCE:
            continue
        if sources and r["source"] not in sources:
            continue
        if r["premise"].strip().lower() in test_premises:
            continue
        train.append((r["premise"], r["hypothesis"], LABELS.index(r["label"])))
    random.Random(seed).shuffle(train)
    return train, test
