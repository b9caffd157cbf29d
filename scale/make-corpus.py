"""Write a large synthetic corpus from the project's own example articles, for scale runs.

    python3 scale/make-corpus.py 2000 out/scale/corpus.jsonl

Each generated article is one of our articles (examples/*/, our own writing; no
third-party text) with a new id (`gen/NNNNN_<source>`), a date spread over 2024-2026 (the
JSONL `date` field), and every sentence made unique by a reference number before its
final punctuation, so that no two articles share a premise: the model does all the work
of distinct articles, as in a real archive (geostance scores each distinct sentence once
per run, and copies would flatter one machine against partitions).
"""

import datetime
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SENTENCE_END = re.compile(r'(?<=[a-z0-9%)][.!?])(["\u201d\u2019]?)\s+(?=["\u201c]?[A-Z])')


def sources():
    root = os.path.join(REPO, "examples")
    out = []
    for d in sorted(os.listdir(root)):
        folder = os.path.join(root, d)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                out.append((f"{d}_{os.path.splitext(name)[0]}", f.read()))
    return out


def mark(text, k):
    """Every sentence of `text` with the reference `(k.j)` before its final punctuation."""
    j = 0
    paragraphs = []
    for para in text.split("\n\n"):
        pieces = SENTENCE_END.split(para.strip())
        # split() keeps the closing-quote group: sentence, quote, sentence, quote, ...
        sents = ["".join(pieces[i:i + 2]) for i in range(0, len(pieces), 2)]
        marked = []
        for s in sents:
            if not s.strip():
                continue
            j += 1
            m = re.search(r'([.!?]["\u201d\u2019]?)$', s)
            if m:
                marked.append(f"{s[:m.start()]} ({k}.{j}){m.group(1)}")
            else:
                marked.append(f"{s} ({k}.{j})")
        paragraphs.append(" ".join(marked))
    return "\n\n".join(paragraphs) + "\n"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    src = sources()
    start = datetime.date(2024, 1, 1)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for k in range(n):
            stem, text = src[k % len(src)]
            day = start + datetime.timedelta(days=(k * 7919) % 1000)
            art = {"id": f"gen/{k:05d}_{stem}", "text": mark(text, k), "date": day.isoformat()}
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    print(f"make-corpus: {n} articles from {len(src)} sources in {out}")


if __name__ == "__main__":
    main()
