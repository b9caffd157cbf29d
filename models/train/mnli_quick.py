"""Quick MNLI-m / ANLI test accuracy of a PyTorch checkpoint folder, bf16 on CPU (~2 min here).

    build/venv/bin/python models/train/mnli_quick.py build/train/C/epoch1
"""
import sys, torch
sys.path.insert(0, "models/train")
import stance_data as sd
from transformers import AutoModelForSequenceClassification, AutoTokenizer
torch.set_num_threads(2)
path = sys.argv[1]
tok = AutoTokenizer.from_pretrained(path)
m = AutoModelForSequenceClassification.from_pretrained(path).eval()
_, test, anli = sd.nli_pairs("../shared/nli", 1, 13)
order = [m.config.label2id[l] for l in sd.NLI_LABELS]
for name, pairs in (("MNLI-m", test), ("ANLI test", anli)):
    ok = 0
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for i in range(0, len(pairs), 64):
            b = pairs[i:i + 64]
            enc = tok([p for p, _, _ in b], [h for _, h, _ in b], truncation=True, max_length=128, padding=True, return_tensors="pt")
            pred = m(**enc).logits.float()[:, order].argmax(-1)
            ok += sum(int(p) == y for p, (_, _, y) in zip(pred, b))
    print(f"{path} {name} accuracy {ok / len(pairs):.4f} ({len(pairs)} pairs, bf16 PyTorch)", flush=True)
