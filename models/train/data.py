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


def bucketed(pairs, batch, seed):
    """Index lists of length-bucketed batches: shuffled, sorted by length within chunks
    of 50 batches, then the batches shuffled (one order per seed)."""
    rng = random.Random(seed)
    idx = list(range(len(pairs)))
    rng.shuffle(idx)
    chunk = batch * 50
    out = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s:s + chunk], key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        out += [part[k:k + batch] for k in range(0, len(part), batch)]
    rng.shuffle(out)
    return out


def anli_test(nli_dir):
    """ANLI test pairs (rounds 1-3), a held-out figure: never trained on."""
    return [(r["premise"], r["hypothesis"], LABELS.index(r["label"]))
            for r in read_jsonl_gz(f"{nli_dir}/anli.jsonl.gz") if r["split"] == "test"]
