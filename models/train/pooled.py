"""Print the pooled stance figures of a `geostance eval --json` report: pooled.py FILE NAME."""
import json
import sys

d = json.load(open(sys.argv[1]))
p = d["stance_pooled"]
per = " ".join(f"{k} {v['f1']:.3f}" for k, v in p["labels"].items())
print(f"{sys.argv[2]}: stance macro-F1 {p['macro_avg']['f1']:.4f} "
      f"(lenient {d['stance_pooled_lenient']['macro_avg']['f1']:.4f}); {per}")
