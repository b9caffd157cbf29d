#!/usr/bin/env python3
"""Compare the per-label scores of two sentences.jsonl files (two backends, say).

usage: scripts/compare-scores.py A/sentences.jsonl B/sentences.jsonl [--tol 1e-3]
Prints how many (sentence, target) scores were compared, the largest and mean absolute
difference, how many exceed the tolerance and how often the top label agrees; exits 1
if the classified sets differ or any difference exceeds the tolerance.
"""
import argparse
import json
import sys


def load(path):
    scores, units = {}, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            units += 1
            for target, per in (rec.get("scores") or {}).items():
                scores[(rec["doc"], rec["i"], target)] = per
    return scores, units


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--tol", type=float, default=1e-3)
    args = ap.parse_args()
    (a, units), (b, _) = load(args.a), load(args.b)
    if a.keys() != b.keys():
        print(f"different (sentence, target)s classified: {len(a.keys() ^ b.keys())} differ")
        return 1
    diffs = [abs(a[k][label] - b[k][label]) for k in a for label in a[k]]
    if not diffs:
        print("nothing classified")
        return 1
    same_top = sum(max(a[k], key=a[k].get) == max(b[k], key=b[k].get) for k in a)
    over = sum(d > args.tol for d in diffs)
    print(
        f"units {units}; (sentence, target)s {len(a)}; scores {len(diffs)}; "
        f"max |diff| {max(diffs):.4f}; mean {sum(diffs) / len(diffs):.6f}; "
        f"over {args.tol:g}: {over}; same top label {same_top}/{len(a)}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
