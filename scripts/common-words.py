#!/usr/bin/env python3
"""Make labels/common_words.txt: words our own news text writes in lower case.

The segmenter asks whether a capitalised word after an abbreviation ("in the U.S.
Officials then ...") is an ordinary word, which then starts a new sentence, or a name
that continues one ("the U.S. Embassy"). A word is listed when, inside sentences of the
training corpus (labels/train/*.jsonl, our own writing; never a test set), it is written
in lower case at least 3 times and at least 4 times as often as capitalised.

    python3 scripts/common-words.py > labels/common_words.txt
"""
import collections
import glob
import json
import re

lower, upper = collections.Counter(), collections.Counter()
for path in sorted(glob.glob("labels/train/*.jsonl")):
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            words = text.split()
            for k, w in enumerate(words[1:], 1):
                if re.search(r'[.!?:"“”]$', words[k - 1]):
                    continue  # may start a sentence or a quotation
                m = re.fullmatch(r"[\"'(“‘]*([A-Za-z][a-z]+)[\"'),.;:!?”’]*", w)
                if not m:
                    continue
                word = m.group(1)
                (upper if word[0].isupper() else lower)[word.lower()] += 1
print("# Words our news text writes in lower case inside a sentence (scripts/common-words.py).")
print("# After an abbreviation, a capitalised word from this list starts a new sentence.")
for w in sorted(lower):
    if lower[w] >= 3 and lower[w] >= 4 * upper[w]:
        print(w)
