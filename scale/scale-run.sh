#!/usr/bin/env bash
# The scale run of the README (issue 19): N synthetic articles (scale/make-corpus.py),
# `geostance run` on this machine against the Spark job on local[2], outputs compared,
# and the job's fixed cost (one article). Prints the figures.
#
#   scale/scale-run.sh [N=2000] [PARTITIONS=8]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
parts=${2:-8}
dir=out/scale
py=.cache/spark-venv/bin/python
mkdir -p "$dir"
python3 scale/make-corpus.py "$n" "$dir/corpus.jsonl"
head -1 "$dir/corpus.jsonl" > "$dir/one-article.jsonl"
# Run a command (its redirections given at the call) and leave its wall time in $t.
secs() { local t0; t0=$(date +%s.%N); "$@"; t=$(echo "$(date +%s.%N) - $t0" | bc); }

secs ./target/release/geostance run "$dir/corpus.jsonl" --out "$dir/one" --quiet
t_one=$t
echo "geostance run: $n articles in $t_one s ($(echo "scale=2; $n / $t_one" | bc) articles/s)"
secs $py scale/spark/geostance_spark.py "$dir/corpus.jsonl" --out "$dir/spark" \
    --master 'local[2]' --partitions "$parts" 2>"$dir/spark.log" >"$dir/spark.json"
t_spark=$t
echo "spark local[2], $parts partitions: $n articles in $t_spark s ($(echo "scale=2; $n / $t_spark" | bc) articles/s): $(cat "$dir/spark.json")"
for f in summary.json sentences.jsonl summary.csv report.md report.html; do
    cmp -s "$dir/one/$f" "$dir/spark/$f" && echo "$f: same bytes" || echo "$f: DIFFERS"
done
secs ./target/release/geostance run "$dir/one-article.jsonl" --out "$dir/one1" --quiet
t1=$t
secs $py scale/spark/geostance_spark.py "$dir/one-article.jsonl" --out "$dir/spark1" \
    --master 'local[2]' --partitions 1 2>/dev/null >"$dir/spark1.json"
t2=$t
echo "one article: geostance run $t1 s, spark job $t2 s: $(cat "$dir/spark1.json")"
