"""Plain template-mean scoring of labelled mentions with a PyTorch NLI checkpoint.

Shared by training (the dev figure at each epoch end) and template choice: every
(mention, template) pair is scored once; a label's score is the mean entailment
log-probability of its chosen templates; the prediction is the best label.
"""
import torch


@torch.no_grad()
def entail_logprobs(model, tok, pairs, batch=128, max_len=128):
    """Entailment log-probability of each (premise, hypothesis[, _]) pair."""
    model.eval()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = [0.0] * len(pairs)
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        enc = tok([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], truncation=True,
                  max_length=max_len, padding=True, return_tensors="pt")
        lp = torch.log_softmax(model(**enc).logits.float(), -1)[:, 2]
        for i, v in zip(idx, lp.tolist()):
            out[i] = v
    model.train()
    return out


def macro_f1(pred, gold, labels):
    """Mean F1 over `labels`, and the per-label F1s."""
    f1s = []
    for lab in labels:
        tp = sum(p == lab and g == lab for p, g in zip(pred, gold))
        np_, ng = sum(p == lab for p in pred), sum(g == lab for g in gold)
        pr, rc = tp / max(np_, 1), tp / max(ng, 1)
        f1s.append(0.0 if pr + rc == 0 else 2 * pr * rc / (pr + rc))
    return sum(f1s) / len(f1s), f1s


def score_all(model, tok, ms, templates, labels):
    """Entailment log-probabilities of every (mention, template) pair, and per mention
    and label the indices of its templates' pairs."""
    pairs, offsets = [], []
    for m in ms:
        off = {}
        for lab in labels:
            off[lab] = []
            for t in templates[lab]:
                off[lab].append(len(pairs))
                pairs.append((m["text"], t.format(target=m["name"])))
        offsets.append(off)
    return entail_logprobs(model, tok, pairs), offsets


def predict(lp, n_ms, offsets, choice, labels):
    """Best label per mention: mean over the template indices `choice[label]`."""
    pred = []
    for m in range(n_ms):
        best, best_lab = -1e9, None
        for lab in labels:
            ks = choice[lab]
            s = sum(lp[offsets[m][lab][k]] for k in ks) / len(ks)
            if s > best:
                best, best_lab = s, lab
        pred.append(best_lab)
    return pred
