#!/usr/bin/env python3
"""List the rule stages' errors: gold labels vs `geostance run` predictions.

    python3 scripts/rule-errors.py labels/fresh-a.gold.jsonl out/fresh-a/sentences.jsonl [seg|bp|mention|speaker|all]

Matches units by whitespace-collapsed text (as `geostance eval` does, exact text only)
and prints, per stage, each gold unit the rules got wrong.
"""
import json
import sys
from collections import defaultdict


def load(p):
    with open(p, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def norm(t):
    return " ".join(t.split())


gold, pred = load(sys.argv[1]), load(sys.argv[2])
what = sys.argv[3] if len(sys.argv) > 3 else "all"
pby = defaultdict(dict)
for r in pred:
    pby[r["doc"]][norm(r["text"])] = r
gset = defaultdict(set)
for g in gold:
    gset[g["doc"]].add(g["text"])
if what in ("seg", "all"):
    for g in gold:
        if g["text"] not in pby[g["doc"]]:
            print(f"SEG miss  {g['doc']}#{g['i']}: {g['text'][:150]}")
    for r in pred:
        if norm(r["text"]) not in gset[r["doc"]]:
            print(f"SEG extra {r['doc']}: {norm(r['text'])[:150]}")
for g in gold:
    p = pby[g["doc"]].get(g["text"])
    if p is None:
        continue
    tag = f"{g['doc'][:2]}#{g['i']}"
    if what in ("bp", "all") and g["boilerplate"] != p["boilerplate"]:
        print(f"BP gold={g['boilerplate']} {tag}: {g['text'][:140]}")
    if g["boilerplate"]:
        continue
    if what in ("mention", "all"):
        for t in ("US", "China", "Russia"):
            gm = g["stance"][t] != "none"
            pm = p["stance"][t] != "none" or any(m["target"] == t for m in p.get("mentions", []))
            if gm != pm:
                kind = "MISS" if gm else "FALSE"
                print(f"MENTION {kind} {t} {tag}: {g['text'][:160]}" + (f"  [{g.get('note','')}]" if g.get('note') else ""))
    if what in ("speaker", "all"):
        gs, ps = g["speaker"], p["speaker"]
        last = lambda s: s.split()[-1].lower() if s.split() else ""
        author = lambda s: s.lower() in ("author", "interviewer")
        ok = (author(gs) and author(ps)) or (not author(gs) and not author(ps) and last(gs) == last(ps))
        if not ok or g["speaker_country"] != p["speaker_country"]:
            print(f"SPEAKER {tag} gold={gs}/{g['speaker_country']} pred={ps}/{p['speaker_country']}: {g['text'][:130]}")
