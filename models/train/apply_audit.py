"""Apply a neutral audit to the stance training corpus (issue 13).

The audit (helper sessions, build/audit/out_*.jsonl) re-read every mention labelled
`neutral` in labels/train/*.jsonl against the guidelines' tie-break rule ("would a
reader come away with a more (or less) favourable view of the target? If clearly
yes, use the evaluative label") and gave each (sentence, target) a label. This script
writes the changed labels into the corpus files and keeps the decisions, with their
reasons, in labels/train/relabel/neutral-audit.jsonl.

    python3 models/train/apply_audit.py build/audit/out_*.jsonl
"""
import glob
import json
import sys

LABELS = {"neutral", "critical", "supportive", "balancing"}


def main(paths):
    decisions = {}
    for p in paths:
        for line in open(p, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r["label"] not in LABELS:
                raise SystemExit(f"{p}: bad label {r['label']!r} for {r['id']} {r['target']}")
            decisions[(r["id"], r["target"])] = r
    changed = 0
    seen = set()
    for f in sorted(glob.glob("labels/train/*.jsonl")):
        rows = [json.loads(line) for line in open(f, encoding="utf-8")]
        for r in rows:
            for t, v in r["stance"].items():
                key = (f"{r['doc']}#{r['i']}", t)
                if v != "neutral" or key not in decisions:
                    continue
                seen.add(key)
                new = decisions[key]["label"]
                if new != "neutral":
                    r["stance"][t] = new
                    changed += 1
        with open(f, "w", encoding="utf-8") as o:
            for r in rows:
                o.write(json.dumps(r, ensure_ascii=False) + "\n")
    missing = set(decisions) - seen
    with open("labels/train/relabel/neutral-audit.jsonl", "w", encoding="utf-8") as o:
        for key in sorted(decisions):
            o.write(json.dumps(decisions[key], ensure_ascii=False) + "\n")
    print(f"{len(decisions)} decisions, {changed} labels changed, {len(missing)} not matched")


if __name__ == "__main__":
    main(sys.argv[1:])
