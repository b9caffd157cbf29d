"""Lay the stance corpus out as articles the product can read, split by document.

`labels/train/*.jsonl` holds one record per sentence. `geostance eval` and `fit` read
articles and join hand labels to them by file name, so this writes, for the dev and
the train split, one text file per document (its sentences joined, three to a
paragraph) and a labels file whose `doc` fields name those files:

    python models/train/make_articles.py --out build/stance-articles
    geostance eval --corpus build/stance-articles/dev --labels build/stance-articles/dev.gold.jsonl
"""
import argparse
import collections
import json
import os

import stance_data as sd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="labels/train/*.jsonl")
    ap.add_argument("--out", default="build/stance-articles")
    a = ap.parse_args()
    docs = collections.defaultdict(list)
    for r in sd.records(a.corpus):
        docs[r["doc"]].append(r)
    counts = collections.Counter()
    for split in ("dev", "train"):
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        with open(os.path.join(a.out, f"{split}.gold.jsonl"), "w", encoding="utf-8") as gold:
            for doc, recs in sorted(docs.items()):
                if sd.is_dev(doc) != (split == "dev"):
                    continue
                recs.sort(key=lambda r: r["i"])
                name = f"{doc}.txt"
                paras = [" ".join(r["text"] for r in recs[k:k + 3]) for k in range(0, len(recs), 3)]
                with open(os.path.join(a.out, split, name), "w", encoding="utf-8") as f:
                    f.write("\n\n".join(paras) + "\n")
                for k, r in enumerate(recs):
                    out = {key: r[key] for key in ("text", "boilerplate", "speaker", "speaker_type",
                                                   "speaker_country", "stance")}
                    gold.write(json.dumps({"doc": name, "i": k, **out}, ensure_ascii=False) + "\n")
                counts[split] += 1
    print(f"documents: dev {counts['dev']}, train {counts['train']} -> {a.out}")


if __name__ == "__main__":
    main()
