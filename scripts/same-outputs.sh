#!/usr/bin/env bash
# Byte-identical outputs before and after a change (issue 15).
#   scripts/same-outputs.sh save DIR     run the examples and the seeds into DIR
#   scripts/same-outputs.sh check DIR    run them again and compare with DIR, file by file
# Compares sentences.jsonl, summary.json, summary.csv and report.md; exit 1 on a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?save or check}; dir=${2:?a folder}
bin=./target/release/geostance
run() {  # $1 = output folder
  "$bin" run examples/articles --out "$1/examples" -q
  if [ -d ../shared/corpus ]; then "$bin" run ../shared/corpus --out "$1/seeds" -q; fi
}
case "$mode" in
save) rm -rf "$dir"; run "$dir"; echo "saved in $dir" ;;
check)
  tmp=$(mktemp -d); run "$tmp"; status=0
  for f in $(cd "$dir" && find . -type f | sort); do
    if ! cmp -s "$dir/$f" "$tmp/$f"; then echo "differs: $f"; status=1; fi
  done
  [ $status = 0 ] && echo "identical: $(cd "$dir" && find . -type f | wc -l) files"
  rm -rf "$tmp"; exit $status ;;
*) echo "usage: scripts/same-outputs.sh save|check DIR" >&2; exit 2 ;;
esac
