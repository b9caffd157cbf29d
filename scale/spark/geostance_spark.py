"""geostance on Apache Spark: the same run as `geostance run`, spread over partitions.

Reads articles (folders, .jsonl files of {"id", "text", "date"?}, or Parquet with columns
id, text and optional date), repartitions them by id, and runs the `geostance` binary once
per partition over that partition's articles, fed as JSONL on stdin (mapPartitions +
subprocess: every exit code is checked; a partition that fails fails the job). Each
partition writes its outputs to OUT/shards/part-NNNNN (a path every executor and the
driver see), and yields its sentence records, which are written as Parquet
(OUT/sentences.parquet). The driver then runs `geostance merge` over the shard summaries,
which writes into OUT exactly what one `geostance run` over all the articles writes
(sentences.jsonl, summary.json, summary.csv, report.md, report.html), whatever the
partitioning.

    python scale/spark/geostance_spark.py examples/articles --out out/spark \
        --master 'local[2]' --partitions 5

Exit code: 0 done; 1 done, but some inputs were bad (named on stderr, skipped, as
`geostance run` does); 2 the job failed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Run geostance over articles on Spark and merge the shards exactly.")
    p.add_argument("inputs", nargs="+",
                   help="folders (read recursively, hidden files skipped, ids = path below "
                        "the folder), .jsonl files, or .parquet files/folders (id, text, date?)")
    p.add_argument("--out", required=True,
                   help="output folder (seen by the driver and every executor)")
    p.add_argument("--master", default=None,
                   help="Spark master (default: spark-submit's, else local[2])")
    p.add_argument("--partitions", type=int, default=0,
                   help="partitions to run (default: Spark's default parallelism)")
    p.add_argument("--threads", type=int, default=1,
                   help="geostance --threads per partition (match spark.task.cpus)")
    p.add_argument("--binary", default=os.path.join(REPO, "target/release/geostance"),
                   help="the geostance binary (a path executors see, or shipped with --ship)")
    p.add_argument("--model", default=os.path.join(REPO, "models/minilm-stance"),
                   help="model folder (default: the shipped models/minilm-stance, as geostance)")
    p.add_argument("--ort-lib", default=None,
                   help="ONNX Runtime library (default: the repository's .cache/onnxruntime)")
    p.add_argument("--ship", action="store_true",
                   help="ship binary, model and runtime to executors with SparkContext.addFile "
                        "instead of using shared paths")
    p.add_argument("--geostance-arg", action="append", default=[],
                   help="an extra flag for `geostance run` (repeat), e.g. --geostance-arg=--int8")
    return p.parse_args(argv)


def ort_library(explicit):
    if explicit:
        return os.path.abspath(explicit)
    cache = os.path.join(REPO, ".cache/onnxruntime")
    libs = sorted(f for f in os.listdir(cache) if f.startswith("libonnxruntime.so")) \
        if os.path.isdir(cache) else []
    if not libs:
        sys.exit("geostance-spark: no ONNX Runtime in .cache/onnxruntime; run `make setup` "
                 "or pass --ort-lib")
    return os.path.join(cache, libs[-1])


def list_folder(root):
    """(id, path) of the text files under `root` and the .jsonl files, as geostance reads it."""
    texts, jsonl = [], []

    def walk(d):
        for name in sorted(os.listdir(d)):
            if name.startswith("."):
                continue
            path = os.path.join(d, name)
            if os.path.isdir(path):
                walk(path)
            elif name.endswith(".jsonl"):
                jsonl.append(path)
            else:
                texts.append((os.path.relpath(path, root), path))

    walk(root)
    return texts, jsonl


def read_text(item):
    """A text file as an article, or a bad-input note (not UTF-8, unreadable)."""
    art_id, path = item
    try:
        with open(path, "rb") as f:
            data = f.read()
        return {"id": art_id, "text": data.decode("utf-8")}
    except (OSError, UnicodeDecodeError) as e:
        return {"id": art_id, "bad": f"{path}: {e}"}


def read_jsonl_line(item):
    path, n, line = item
    try:
        v = json.loads(line)
        if not isinstance(v, dict) or not isinstance(v.get("id"), str) \
                or not isinstance(v.get("text"), str):
            raise ValueError('needs string fields "id" and "text"')
        art = {"id": v["id"], "text": v["text"]}
        if v.get("date") is not None:
            art["date"] = v["date"]
        return art
    except ValueError as e:
        return {"id": f"{path}:{n}", "bad": f"{path}:{n}: {e}"}


def articles_rdd(spark, inputs):
    """Every input as one RDD of article dicts (bad inputs as {"id", "bad"})."""
    sc = spark.sparkContext
    parts = []
    for inp in inputs:
        if os.path.isdir(inp) and not (inp.rstrip("/").endswith(".parquet")):
            texts, jsonl = list_folder(inp)
            if texts:
                parts.append(sc.parallelize(texts, max(1, min(len(texts) // 64, 256)))
                             .map(read_text))
            for path in jsonl:
                parts.append(jsonl_rdd(sc, path))
        elif inp.endswith(".jsonl"):
            parts.append(jsonl_rdd(sc, inp))
        elif inp.rstrip("/").endswith(".parquet"):
            df = spark.read.parquet(inp)
            cols = set(df.columns)
            if not {"id", "text"} <= cols:
                sys.exit(f"geostance-spark: {inp}: Parquet needs columns id and text "
                         f"(has {sorted(cols)})")
            sel = df.select("id", "text", "date") if "date" in cols else df.select("id", "text")
            parts.append(sel.rdd.map(parquet_row))
        elif os.path.isfile(inp):
            parts.append(sc.parallelize([(os.path.basename(inp), os.path.abspath(inp))], 1)
                         .map(read_text))
        else:
            parts.append(sc.parallelize([{"id": inp, "bad": f"{inp}: no such file or folder"}], 1))
    if not parts:
        sys.exit("geostance-spark: no input")
    return sc.union(parts)


def jsonl_rdd(sc, path):
    with open(path, encoding="utf-8") as f:
        lines = [(path, n + 1, line) for n, line in enumerate(f) if line.strip()]
    return sc.parallelize(lines, max(1, min(len(lines) // 64, 256))).map(read_jsonl_line)


def parquet_row(row):
    art = {"id": str(row["id"]), "text": row["text"]}
    d = row["date"] if "date" in row else None
    if d is not None:
        art["date"] = d.isoformat() if hasattr(d, "isoformat") else str(d)
    return art


def partition_runner(cfg):
    """The function each partition runs: geostance over its articles, outputs to a shard."""

    def resolve(path, shipped):
        if not cfg["ship"]:
            return path
        from pyspark import SparkFiles
        return SparkFiles.get(shipped)

    def run(index, rows):
        rows = list(rows)
        if not rows:
            return
        binary = resolve(cfg["binary"], os.path.basename(cfg["binary"]))
        model = resolve(cfg["model"], os.path.basename(cfg["model"].rstrip("/")))
        ort = resolve(cfg["ort"], os.path.basename(cfg["ort"]))
        if cfg["ship"]:
            os.chmod(binary, 0o755)
        shard = os.path.join(cfg["out"], "shards", f"part-{index:05d}")
        tmp = tempfile.mkdtemp(prefix=f".part-{index:05d}-", dir=os.path.join(cfg["out"], "shards"))
        body = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in rows).encode("utf-8")
        cmd = [binary, "run", "-", "--out", tmp, "--quiet", "--threads", str(cfg["threads"]),
               "--model", model, "--ort-lib", ort] + cfg["extra"]
        env = dict(os.environ)
        env.pop("GEOSTANCE_BACKEND", None)
        proc = subprocess.run(cmd, input=body, capture_output=True, env=env)
        err = proc.stderr.decode("utf-8", "replace")
        if proc.returncode not in (0, 1):
            shutil.rmtree(tmp, ignore_errors=True)
            raise RuntimeError(f"partition {index}: geostance exited {proc.returncode} "
                               f"on {len(rows)} articles:\n{err}")
        with open(os.path.join(tmp, "summary.json"), encoding="utf-8") as f:
            units = json.load(f)["tallies"]["units"]
        with open(os.path.join(tmp, "sentences.jsonl"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        if len(lines) != units:
            raise RuntimeError(f"partition {index}: {len(lines)} records for {units} units")
        shutil.rmtree(shard, ignore_errors=True)
        os.rename(tmp, shard)
        for line in err.splitlines():
            if line.startswith("geostance: skipped:"):
                yield ("bad", line[len("geostance: skipped:"):].strip(), None)
        for line in lines:
            yield ("record", None, line)

    return run


def record_row(line):
    r = json.loads(line)
    return (r["doc"], r["i"], r.get("start"), r.get("end"), r["boilerplate"], r["text"],
            r["speaker"], r["speaker_type"], r["speaker_country"],
            {k: str(v) for k, v in r["stance"].items()},
            {t: {l: float(x) for l, x in per.items()} for t, per in r.get("scores", {}).items()},
            line)


def main(argv):
    a = parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    out = os.path.abspath(a.out)
    shutil.rmtree(os.path.join(out, "shards"), ignore_errors=True)
    shutil.rmtree(os.path.join(out, "sentences.parquet"), ignore_errors=True)
    os.makedirs(os.path.join(out, "shards"), exist_ok=True)
    for path, what in [(a.binary, "binary (cargo build --release)"), (a.model, "model folder")]:
        if not os.path.exists(path):
            sys.exit(f"geostance-spark: no {what} at {path}")
    started = time.time()
    builder = SparkSession.builder
    if a.master or "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        builder = builder.master(a.master or "local[2]")
    spark = (builder.appName("geostance")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.task.maxFailures", "1")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    ready = time.time()
    cfg = {"binary": os.path.abspath(a.binary), "model": os.path.abspath(a.model),
           "ort": ort_library(a.ort_lib), "out": out, "threads": a.threads,
           "extra": a.geostance_arg, "ship": a.ship}
    if a.ship:
        sc = spark.sparkContext
        sc.addFile(cfg["binary"])
        sc.addFile(cfg["model"], recursive=True)
        sc.addFile(cfg["ort"])
    arts = articles_rdd(spark, a.inputs)
    bad_inputs = arts.filter(lambda x: "bad" in x).map(lambda x: x["bad"]).collect()
    good = arts.filter(lambda x: "bad" not in x)
    n = a.partitions or spark.sparkContext.defaultParallelism
    # Partition by id: the same article lands in the same partition on every run.
    # (crc32, not Python's salted str hash).
    keyed = good.map(lambda x: (x["id"], x)).partitionBy(
        n, lambda k: zlib.crc32(k.encode("utf-8"))).values()
    results = keyed.mapPartitionsWithIndex(partition_runner(cfg)).cache()
    schema = T.StructType([
        T.StructField("doc", T.StringType()), T.StructField("i", T.LongType()),
        T.StructField("start", T.LongType()), T.StructField("end", T.LongType()),
        T.StructField("boilerplate", T.BooleanType()), T.StructField("text", T.StringType()),
        T.StructField("speaker", T.StringType()), T.StructField("speaker_type", T.StringType()),
        T.StructField("speaker_country", T.StringType()),
        T.StructField("stance", T.MapType(T.StringType(), T.StringType())),
        T.StructField("scores", T.MapType(T.StringType(),
                                          T.MapType(T.StringType(), T.DoubleType()))),
        T.StructField("record", T.StringType()),
    ])
    records = results.filter(lambda x: x[0] == "record").map(lambda x: record_row(x[2]))
    spark.createDataFrame(records, schema).write.parquet(os.path.join(out, "sentences.parquet"))
    bad_inputs += results.filter(lambda x: x[0] == "bad").map(lambda x: x[1]).collect()
    classified = time.time()
    shards = sorted(os.path.join(out, "shards", d, "summary.json")
                    for d in os.listdir(os.path.join(out, "shards")) if d.startswith("part-"))
    spark.stop()
    if not shards:
        print("geostance-spark: no article could be read", file=sys.stderr)
        return 2
    merge = subprocess.run([cfg["binary"], "merge", *shards, "--out", out, "--quiet"])
    if merge.returncode != 0:
        print(f"geostance-spark: geostance merge exited {merge.returncode}", file=sys.stderr)
        return 2
    done = time.time()
    for b in bad_inputs:
        print(f"geostance-spark: skipped: {b}", file=sys.stderr)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        tallies = json.load(f)["tallies"]
    print(json.dumps({
        "articles": tallies["articles"], "units": tallies["units"], "partitions": n,
        "shards": len(shards), "bad_inputs": len(bad_inputs),
        "seconds": {"start_spark": round(ready - started, 2),
                    "classify": round(classified - ready, 2),
                    "stop_and_merge": round(done - classified, 2), "total": round(done - started, 2)},
    }))
    return 1 if bad_inputs else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as e:  # a failed partition or Spark error: the job failed
        print(f"geostance-spark: failed: {e}", file=sys.stderr)
        sys.exit(2)
