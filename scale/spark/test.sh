#!/usr/bin/env bash
# The Spark job against one run (issue 19): on local[2], the example articles in 5
# partitions (then 2, 7 and 16) give the bytes `geostance run` writes (summary.json figure
# for figure, every sentence record exactly once, in sentences.jsonl and in Parquet), and a
# failing partition fails the job. Needs `make setup setup-spark` and a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
py=.cache/spark-venv/bin/python
bin=./target/release/geostance
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$bin run examples/articles --out "$work/one" --quiet
for n in 5 2 7 16; do
    $py scale/spark/geostance_spark.py examples/articles --out "$work/spark$n" \
        --master 'local[2]' --partitions "$n" 2>"$work/spark$n.log" >"$work/spark$n.json" || {
        echo "test-spark: the job failed with $n partitions:" >&2
        tail -30 "$work/spark$n.log" >&2
        exit 1
    }
    for f in summary.json summary.csv report.md report.html sentences.jsonl; do
        cmp -s "$work/one/$f" "$work/spark$n/$f" || {
            echo "test-spark: $f differs from one run with $n partitions" >&2
            diff <(head -c 3000 "$work/one/$f") <(head -c 3000 "$work/spark$n/$f") | head -20 >&2
            exit 1
        }
    done
    echo "test-spark: $n partitions: outputs equal one run ($(cat "$work/spark$n.json"))"
done

# Every record exactly once in the Parquet output too.
$py - "$work/one/sentences.jsonl" "$work/spark5/sentences.parquet" <<'PY' 2>"$work/parquet.log"
import json, os, sys
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
from pyspark.sql import SparkSession
one = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .getOrCreate())
rows = spark.read.parquet(sys.argv[2]).select("doc", "i", "record").collect()
spark.stop()
keys = [(r["doc"], r["i"]) for r in rows]
assert len(keys) == len(set(keys)), "a record is in the Parquet output twice"
want = {(r["doc"], r["i"]): r for r in one}
assert set(keys) == set(want), f"{len(set(want) - set(keys))} missing, {len(set(keys) - set(want))} extra"
for r in rows:
    assert json.loads(r["record"]) == want[(r["doc"], r["i"])], (r["doc"], r["i"])
print(f"test-spark: Parquet holds each of the {len(keys)} records once")
PY

# Parquet input (id, text, date) gives what `geostance run` gives on the same JSONL.
$py - "$work/arts.parquet" "$work/arts.jsonl" <<'PY' 2>"$work/mkparquet.log"
import datetime, json, os, sys
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .getOrCreate())
rows = []
for n in sorted(os.listdir("examples/articles")):
    with open(os.path.join("examples/articles", n), encoding="utf-8") as f:
        rows.append((n, f.read(), datetime.date(2025, 1, 1 + 3 * len(rows))))
spark.createDataFrame(rows, "id string, text string, date date").write.parquet(sys.argv[1])
spark.stop()
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i, t, d in rows:
        f.write(json.dumps({"id": i, "text": t, "date": d.isoformat()}) + "\n")
PY
$bin run "$work/arts.jsonl" --out "$work/one-jsonl" --quiet
$py scale/spark/geostance_spark.py "$work/arts.parquet" --out "$work/spark-pq" --partitions 3 \
    >/dev/null 2>"$work/spark-pq.log" || { tail -30 "$work/spark-pq.log" >&2; exit 1; }
for f in summary.json sentences.jsonl; do
    cmp -s "$work/one-jsonl/$f" "$work/spark-pq/$f" || { echo "test-spark: Parquet input: $f differs" >&2; exit 1; }
done
echo "test-spark: Parquet input with dates equals one run over the same JSONL"

# A partition that fails fails the job (exit 2, the partition named).
if $py scale/spark/geostance_spark.py examples/articles --out "$work/bad" --partitions 2 \
    --geostance-arg=--no-such-flag >/dev/null 2>"$work/bad.log"; then
    echo "test-spark: a failing partition did not fail the job" >&2
    exit 1
fi
grep -q "geostance exited 2" "$work/bad.log" || { echo "test-spark: no partition error in:" >&2; tail -5 "$work/bad.log" >&2; exit 1; }
echo "test-spark: a failing partition fails the job: ok"
