#!/usr/bin/env bash
# Does labelling the units `geostance suggest` picks lift `fit` more than labelling as
# many random units? On the seed articles (issue 18): the shipped pipeline classifies
# them; `suggest` ranks their units without seeing any label; then `fit --cv` scores
# leave-one-article-out on all seed labels, each fold trained on our example articles
# plus only the chosen seed units of the other articles (--cv-pool), the gold labels of
# those units standing in for an annotator's corrections.
#
#   scripts/suggest-experiment.sh [N=50] [DRAWS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
draws=${2:-5}
bin=./target/release/geostance
corpus=../shared/corpus
gold=../shared/labels/seeds.gold.jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache="$work/cache"

$bin run "$corpus" --out "$work/run" --with-features --quiet --cache "$cache"
$bin suggest --from "$work/run/sentences.jsonl" -n "$n" --out "$work/suggested.jsonl" --quiet
# The candidates: every unit with a classified mention (what suggest ranks too).
grep '"scores"' "$work/run/sentences.jsonl" > "$work/candidates.jsonl"
echo "candidates: $(wc -l < "$work/candidates.jsonl") units; suggested: $(wc -l < "$work/suggested.jsonl")"

loao() { # pool file or "" -> macro-F1
    local pool=()
    [[ -n "$1" ]] && pool=(--cv-pool "$1")
    $bin fit --quiet --corpus "$corpus" --labels "$gold" --cv "${pool[@]}" \
        --add-corpus examples/articles --add-labels labels/examples.gold.jsonl \
        --cache "$cache" --out "$work/cal.json" 2>/dev/null |
        sed -n 's/.*stance macro-F1 \([0-9.]*\).*/\1/p'
}

: > "$work/empty.jsonl"
echo "no seed unit labelled:     $(loao "$work/empty.jsonl")"
echo "$n suggested units:        $(loao "$work/suggested.jsonl")"
sum=0
for seed in $(seq 1 "$draws"); do
    shuf -n "$n" --random-source=<(yes "$seed") "$work/candidates.jsonl" > "$work/random$seed.jsonl"
    f=$(loao "$work/random$seed.jsonl")
    echo "$n random units, draw $seed:  $f"
    sum=$(awk -v a="$sum" -v b="$f" 'BEGIN{print a+b}')
done
echo "$n random units, mean:     $(awk -v a="$sum" -v d="$draws" 'BEGIN{printf "%.3f", a/d}')"
echo "all seed units labelled:   $(loao "")"
