"""Check and count the stance training corpus in labels/train/ (issue 13).

Every record must follow ../shared/labels/GUIDELINES.md plus three fields of ours:
`source` (the outlet style the sentence is written in), `region` (`central_asia` or
`elsewhere`) and optional `case` (a list of hard-case tags, see CASES). Prints the
counts per (target, label) cell, per hard case, per region, and every problem found.

    python3 models/train/check_corpus.py labels/train/*.jsonl [--quiet]

Exit code 1 when a record is malformed (the message names file and line).
"""
import argparse
import collections
import json
import sys

TARGETS = ["US", "China", "Russia"]
LABELS = ["supportive", "critical", "balancing", "neutral", "none"]
TYPES = ["author", "person", "organization", "government"]
COUNTRIES = ["US", "China", "Russia", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Belarus",
             "Ukraine", "other", "none"]
CASES = ["charged_neutral", "reported_criticism", "irony", "rhetorical_question",
         "implicit_balancing", "praise_caveat", "defending", "context_only", "multi_label"]
REGIONS = ["central_asia", "elsewhere"]
FIELDS = ["doc", "i", "text", "boilerplate", "speaker", "speaker_type", "speaker_country",
          "stance", "source", "region"]


def check(rec, where):
    errs = []
    for f in FIELDS:
        if f not in rec:
            errs.append(f"{where}: missing field '{f}'")
    if errs:
        return errs
    if not isinstance(rec["text"], str) or not rec["text"].strip():
        errs.append(f"{where}: empty text")
    elif " ".join(rec["text"].split()) != rec["text"]:
        errs.append(f"{where}: text must have internal whitespace collapsed")
    if rec["speaker_type"] not in TYPES:
        errs.append(f"{where}: speaker_type '{rec['speaker_type']}' not in {TYPES}")
    if rec["speaker_country"] not in COUNTRIES:
        errs.append(f"{where}: speaker_country '{rec['speaker_country']}' not in {COUNTRIES}")
    if rec["region"] not in REGIONS:
        errs.append(f"{where}: region '{rec['region']}' not in {REGIONS}")
    st = rec["stance"]
    if not isinstance(st, dict) or sorted(st) != sorted(TARGETS):
        errs.append(f"{where}: stance must have exactly the keys {TARGETS}")
    else:
        for t in TARGETS:
            if st[t] not in LABELS:
                errs.append(f"{where}: stance[{t}] '{st[t]}' not in {LABELS}")
    for c in rec.get("case", []) or []:
        if c not in CASES:
            errs.append(f"{where}: case '{c}' not in {CASES}")
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--quiet", action="store_true", help="print only the totals")
    a = ap.parse_args()
    cells = collections.Counter()
    cases = collections.Counter()
    regions = collections.Counter()
    docs, texts = set(), collections.Counter()
    errors, n, mentions, multi = [], 0, 0, 0
    for path in a.files:
        with open(path, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{ln}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{where}: not JSON ({e})")
                    continue
                errs = check(rec, where)
                errors += errs
                if errs:
                    continue
                n += 1
                docs.add(rec["doc"])
                texts[rec["text"]] += 1
                regions[rec["region"]] += 1
                if rec["boilerplate"]:
                    continue
                named = [t for t in TARGETS if rec["stance"][t] != "none"]
                mentions += len(named)
                if len(named) >= 2:
                    multi += 1
                for t in named:
                    cells[(t, rec["stance"][t])] += 1
                for c in rec.get("case", []) or []:
                    cases[c] += 1
    dups = [t for t, k in texts.items() if k > 1]
    print(f"records {n}, documents {len(docs)}, labelled mentions {mentions}, "
          f"units naming 2+ targets {multi}, duplicate texts {len(dups)}")
    print("regions: " + ", ".join(f"{r} {regions[r]}" for r in REGIONS))
    print(f"{'':12}" + "".join(f"{lab:>12}" for lab in LABELS[:4]))
    for t in TARGETS:
        print(f"{t:12}" + "".join(f"{cells[(t, lab)]:>12}" for lab in LABELS[:4]))
    print("hard cases: " + ", ".join(f"{c} {cases[c]}" for c in CASES))
    if not a.quiet:
        for d in dups[:20]:
            print(f"duplicate text: {d[:80]}")
    for e in errors[:50]:
        print(e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problems", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
