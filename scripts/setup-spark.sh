#!/usr/bin/env bash
# PySpark from PyPI into .cache/spark-venv (a virtual environment), for scale/spark/.
# Needs python3 with venv and pip, and Java 17 or newer (the machine's, or Debian's
# default-jre-headless). Idempotent; nothing but PyPI is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
PYSPARK_VERSION=4.3.0
VENV=.cache/spark-venv
if "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    echo "setup-spark: pyspark $PYSPARK_VERSION already in $VENV"
else
    command -v python3 >/dev/null || { echo "setup-spark: python3 is needed" >&2; exit 2; }
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    echo "setup-spark: installing pyspark==$PYSPARK_VERSION from PyPI into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
if ! command -v java >/dev/null; then
    echo "setup-spark: no java on PATH; install Java 17+ (apt-get install default-jre-headless)" >&2
    exit 2
fi
java -version 2>&1 | head -1 | sed 's/^/setup-spark: /'
