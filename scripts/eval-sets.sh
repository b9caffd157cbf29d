#!/usr/bin/env bash
# usage: scripts/eval-sets.sh BIN OUT SET...
# Runs and evaluates each set: `seeds` (../shared/corpus), `articles` (examples/articles
# against labels/examples.gold.jsonl), else examples/SET against labels/SET.gold.jsonl.
set -euo pipefail
bin=$1; out=$2; shift 2
for s in "$@"; do
  case $s in
    seeds) corpus=../shared/corpus; gold=../shared/labels/seeds.gold.jsonl;;
    *) corpus=examples/$s; gold=labels/$s.gold.jsonl;;
  esac
  [ "$s" = articles ] && gold=labels/examples.gold.jsonl
  "$bin" run "$corpus" --out "$out/$s" -q --cache build/cache
  echo "== $s"; "$bin" eval --corpus "$corpus" --labels "$gold" --pred "$out/$s/sentences.jsonl" | grep -iv "^ *$" | sed -n 1,40p
done
