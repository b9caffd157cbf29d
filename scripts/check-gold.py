#!/usr/bin/env python3
"""Check hand labels for whole articles (examples/*, labels/*.gold.jsonl).

Every unit of every labelled article must be labelled, in order: the record texts,
joined by one space, must equal the article's text with whitespace collapsed. Fields
follow ../shared/labels/GUIDELINES.md. Prints one line per problem and a count per
document; exit code 1 when anything is wrong.

    python3 scripts/check-gold.py labels/fresh-a.gold.jsonl examples/fresh-a
"""
import collections
import json
import pathlib
import sys

TARGETS = ["US", "China", "Russia"]
LABELS = {"supportive", "critical", "balancing", "neutral", "none"}
TYPES = {"author", "person", "organization", "government"}
COUNTRIES = {"US", "China", "Russia", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Belarus",
             "Ukraine", "other", "none"}


def record_problems(r, where):
    out = []
    for f in ["doc", "i", "text", "boilerplate", "speaker", "speaker_type",
              "speaker_country", "stance"]:
        if f not in r:
            out.append(f"{where}: missing field '{f}'")
    if out:
        return out
    if " ".join(r["text"].split()) != r["text"] or not r["text"]:
        out.append(f"{where}: text empty or not whitespace-collapsed")
    if not isinstance(r["boilerplate"], bool):
        out.append(f"{where}: boilerplate must be true or false")
    if r["speaker_type"] not in TYPES:
        out.append(f"{where}: speaker_type {r['speaker_type']!r}")
    if r["speaker_country"] not in COUNTRIES:
        out.append(f"{where}: speaker_country {r['speaker_country']!r}")
    if (r["speaker_type"] == "author") != (r["speaker"] in ("author", "interviewer")):
        out.append(f"{where}: speaker {r['speaker']!r} with type {r['speaker_type']!r}")
    for t in TARGETS:
        if r["stance"].get(t) not in LABELS:
            out.append(f"{where}: stance.{t} {r['stance'].get(t)!r}")
    return out


def main(labels, folder):
    problems = []
    by_doc = collections.defaultdict(list)
    with open(labels, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{labels}:{n}: bad JSON: {e}")
                continue
            problems += record_problems(r, f"{labels}:{n}")
            if "doc" in r:
                by_doc[r["doc"]].append(r)
    files = sorted(p.name for p in pathlib.Path(folder).glob("*.txt"))
    for name in files:
        if name not in by_doc:
            problems.append(f"{folder}/{name}: no labels")
    for doc, recs in by_doc.items():
        path = pathlib.Path(folder) / doc
        if not path.exists():
            problems.append(f"{labels}: doc {doc} not in {folder}")
            continue
        if [r.get("i") for r in recs] != list(range(len(recs))):
            problems.append(f"{doc}: i must run 0..{len(recs) - 1} in order")
        text = " ".join(path.read_text(encoding="utf-8").split())
        at = 0
        for r in recs:
            t = r.get("text", "")
            if not text.startswith(t, at):
                problems.append(f"{doc}#{r.get('i')}: text does not follow the previous unit: "
                                f"expected {text[at:at + 60]!r}")
                break
            at += len(t)
            if at < len(text):
                if text[at] != " ":
                    problems.append(f"{doc}#{r.get('i')}: unit ends inside a word: "
                                    f"{text[at - 20:at + 20]!r}")
                    break
                at += 1
        else:
            if at < len(text):
                problems.append(f"{doc}: text after the last unit: {text[at:at + 60]!r}")
        body = [r for r in recs if not r.get("boilerplate")]
        print(f"{doc}: {len(recs)} units, {len(body)} body")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
