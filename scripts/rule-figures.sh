#!/usr/bin/env bash
# usage: scripts/rule-figures.sh OUT SET... : rule-stage figures per set, one line each
set -euo pipefail
out=$1; shift
for s in "$@"; do
  bash scripts/eval-sets.sh ./target/release/geostance "$out" "$s" > "$out.$s.txt" 2>&1 || { echo "$s failed"; cat "$out.$s.txt"; continue; }
  python3 - "$s" "$out.$s.txt" <<'PY'
import re,sys
t=open(sys.argv[2]).read()
g=lambda p: (re.search(p,t) or [None,"?"])[1]
print(f"{sys.argv[1]:9s} seg {g(r'sentence boundaries.*F1 ([0-9.]+)')} bp {g(r'boilerplate .*F1 ([0-9.]+)')} C {g(r'  China .*F1 ([0-9.]+)')} R {g(r'  Russia .*F1 ([0-9.]+)')} US {g(r'  US .*F1 ([0-9.]+)')} spk {g(r'speaker accuracy ([0-9.]+)')} cty {g(r'speaker_country accuracy ([0-9.]+)')}")
PY
done
