#!/usr/bin/env python3
"""Agreement of a blind second labelling with the gold labels, unit by unit.

    python3 scripts/agree-gold.py labels/fresh-a.gold.jsonl labels/fresh-a.second.jsonl

Boilerplate, speaker (the scoring rule: both author-like or the same last name),
speaker country and mention (none vs not, per target) on the units both labelled.
"""
import json
import sys


def load(p):
    return {(r["doc"], r["i"]): r for r in map(json.loads, open(p, encoding="utf-8")) if r}


def same_speaker(a, b):
    auth = lambda s: s.lower() in ("author", "interviewer")
    if auth(a) or auth(b):
        return auth(a) and auth(b)
    return a.split()[-1].lower() == b.split()[-1].lower()


gold, second = load(sys.argv[1]), load(sys.argv[2])
keys = [k for k in second if k in gold]
bp = sum(gold[k]["boilerplate"] == second[k]["boilerplate"] for k in keys)
body = [k for k in keys if not gold[k]["boilerplate"] and not second[k]["boilerplate"]]
sp = sum(same_speaker(gold[k]["speaker"], second[k]["speaker"]) for k in body)
co = sum(gold[k]["speaker_country"] == second[k]["speaker_country"] for k in body)
print(f"units {len(keys)}, body in both {len(body)}")
print(f"boilerplate agreement {bp / len(keys):.3f}")
print(f"speaker agreement {sp / len(body):.3f}, speaker_country {co / len(body):.3f}")
for t in ("US", "China", "Russia"):
    g = [gold[k]["stance"][t] != "none" for k in body]
    s = [second[k]["stance"][t] != "none" for k in body]
    tp = sum(a and b for a, b in zip(g, s))
    f1 = 2 * tp / max(1, sum(g) + sum(s))
    print(f"mention {t}: F1 of second vs gold {f1:.3f} (gold {sum(g)}, second {sum(s)})")
