"""int8 with per-row activation scales: a fast model file whose scores do not depend on batch-mates.

ONNX Runtime's dynamic int8 quantization (`model.int8.onnx`) takes one activation scale per
tensor, so a pair's logits move with the other pairs of its batch (issue 16). This rewrites
every MatMul of `model.onnx` that has a constant weight into

    x (.., K) -> rows (R, K) -> s = max(|row|) / 127 -> q = QuantizeLinear(rows, s, axis 0)
      -> MatMulInteger(q, Wq) -> float * s * w_scale -> (.., N)

with symmetric int8 weights, one scale per output column, and one activation scale per
token row, computed from that row alone. Integer accumulation is exact, so each pair's
result is the same alone or in any batch. The attention score products (no constant
weight) and the two Gemm layers of the head stay fp32.

    python models/train/quantize_rows.py models/minilm-stance/model.onnx build/q/rows.onnx
"""
import argparse
import re

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def weight_matmuls(graph):
    inits = {i.name: i for i in graph.initializer}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits and len(inits[node.input[1]].dims) == 2:
            yield node, inits[node.input[1]]


def channel_maxima(src, tokenizer_file, pairs):
    """Largest |x| per input channel of every constant-weight MatMul, over `pairs` run in fp32
    one at a time (no padding rows)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model = onnx.load(src)
    names = [nd.input[0] for nd, _ in weight_matmuls(model.graph)]
    have = {o.name for o in model.graph.output}
    model.graph.output.extend(helper.make_tensor_value_info(x, TensorProto.FLOAT, None)
                              for x in dict.fromkeys(names) if x not in have)
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    inputs = [i.name for i in sess.get_inputs()]
    tok = Tokenizer.from_file(tokenizer_file)
    tok.enable_truncation(256)
    tok.no_padding()
    maxima = {}
    for premise, hypothesis in pairs:
        e = tok.encode(premise, hypothesis)
        feed = {"input_ids": np.array([e.ids], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
        outs = sess.run(names, {k: feed[k] for k in inputs})
        for x, v in zip(names, outs):
            m = np.abs(v.reshape(-1, v.shape[-1])).max(axis=0)
            maxima[x] = np.maximum(maxima[x], m) if x in maxima else m
    return maxima


def smooth(w, x_max, alpha):
    """SmoothQuant: per input channel k, s_k = x_max_k^alpha / w_max_k^(1 - alpha); x / s and
    s W multiply to the same product, with the activation outliers moved into the weights."""
    w_max = np.maximum(np.abs(w).max(axis=1), 1e-8)
    s = np.power(np.maximum(x_max, 1e-5), alpha) / np.power(w_max, 1 - alpha)
    s = np.clip(s, 1e-2, 1e2).astype(np.float32)
    return w * s[:, None], (1.0 / s).astype(np.float32)


def rewrite_group(members, shared, x_max=None, alpha=0.5, dequant=False, fused=False):
    """Nodes and initializers that replace the MatMuls `members` [(node, weight)], which
    all read the same input x: x is quantized once per row, the weights are joined into
    one int8 matrix (one MatMulInteger), and the product is split back into the members'
    outputs."""
    x = members[0][0].input[0]
    ws = [numpy_helper.to_array(w).astype(np.float32) for _, w in members]
    w = np.concatenate(ws, axis=1)
    inv_s = None
    if x_max is not None:
        w, inv_s = smooth(w, x_max, alpha)
    w_scale = (np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0).astype(np.float32)
    wq = np.clip(np.rint(w / w_scale), -127, 127).astype(np.int8)
    p = members[0][0].name or members[0][0].output[0]
    n = lambda s: f"{p}/rowq/{s}"
    widths = [wi.shape[1] for wi in ws]
    inits = [numpy_helper.from_array(wq, n("wq")),
             numpy_helper.from_array(w_scale, n("w_scale")),
             numpy_helper.from_array(np.array([-1, w.shape[0]], dtype=np.int64), n("rows_shape")),
             ]
    if len(members) > 1:
        inits.append(numpy_helper.from_array(np.array(widths, dtype=np.int64), n("widths")))
    inits += [numpy_helper.from_array(np.array([k], dtype=np.int64), n(f"n{i}")) for i, k in enumerate(widths)]
    if inv_s is not None:
        inits.append(numpy_helper.from_array(inv_s, n("inv_s")))
    nodes = [
        helper.make_node("Shape", [x], [n("x_shape")]),
        helper.make_node("Slice", [n("x_shape"), shared["zero"], shared["minus_one"]], [n("lead")]),
        helper.make_node("Reshape", [x, n("rows_shape")], [n("rows_in")]),
        helper.make_node("Mul", [n("rows_in"), n("inv_s")], [n("rows")]) if inv_s is not None
        else helper.make_node("Identity", [n("rows_in")], [n("rows")]),
        # max |x| per row as max(max x, -min x): two reductions, no full pass for Abs.
        helper.make_node("ReduceMax", [n("rows")], [n("hi")], axes=[1], keepdims=0),
        helper.make_node("ReduceMin", [n("rows")], [n("lo")], axes=[1], keepdims=0),
        helper.make_node("Neg", [n("lo")], [n("neg_lo")]),
        helper.make_node("Max", [n("hi"), n("neg_lo"), shared["eps"]], [n("amax_safe")]),
        helper.make_node("Div", [n("amax_safe"), shared["half_range"]], [n("s")]),
        helper.make_node("Mul", [n("s"), shared["zero_f"]], [n("zp_0")]),
        helper.make_node("Add", [n("zp_0"), shared["mid_f"]], [n("zp_f")]),
        helper.make_node("Cast", [n("zp_f")], [n("zp")], to=TensorProto.UINT8),
        helper.make_node("QuantizeLinear", [n("rows"), n("s"), n("zp")], [n("q")], axis=0),
    ]
    unsqueeze = helper.make_node("Unsqueeze", [n("s"), shared["one"]], [n("s_col")])
    if fused:
        # ONNX Runtime's MatMulIntegerToFloat: the int8 product, converted and multiplied by
        # the column scales in one kernel (its A scale can only be a scalar: 1 here).
        nodes += [unsqueeze,
                  helper.make_node("MatMulIntegerToFloat", [n("q"), n("wq"), shared["one_f"], n("w_scale"),
                                                            shared["mid_u8"]], [n("acc_f")], domain="com.microsoft"),
                  helper.make_node("Mul", [n("acc_f"), n("s_col")], [n("out_rows")])]
    else:
        nodes += [helper.make_node("MatMulInteger", [n("q"), n("wq"), shared["mid_u8"]], [n("acc")]), unsqueeze]
    if not fused and dequant:
        nodes += [helper.make_node("DequantizeLinear", [n("acc"), n("w_scale")], [n("acc_f")], axis=1),
                  helper.make_node("Mul", [n("acc_f"), n("s_col")], [n("out_rows")])]
    elif not fused:
        nodes += [helper.make_node("Cast", [n("acc")], [n("acc_i")], to=TensorProto.FLOAT),
                  helper.make_node("Mul", [n("acc_i"), n("s_col")], [n("acc_f")]),
                  helper.make_node("Mul", [n("acc_f"), n("w_scale")], [n("out_rows")])]
    parts = [n("out_rows")]
    if len(members) > 1:
        parts = [n(f"part{i}") for i in range(len(members))]
        nodes.append(helper.make_node("Split", [n("out_rows"), n("widths")], parts, axis=1))
    for i, ((node, _), part) in enumerate(zip(members, parts)):
        nodes += [helper.make_node("Concat", [n("lead"), n(f"n{i}")], [n(f"y_shape{i}")], axis=0),
                  helper.make_node("Reshape", [part, n(f"y_shape{i}")], [node.output[0]])]
    return nodes, inits


def quantize(src, dst, skip=None, maxima=None, alpha=0.5, group=False, dequant=False, fused=False):
    """Rewrite `src` into `dst`; returns the number of MatMuls rewritten. `maxima` (from
    `channel_maxima`) turns smoothing on; `group` joins MatMuls that read the same input."""
    model = onnx.load(src)
    g = model.graph
    shared = {"zero": "rowq/zero", "minus_one": "rowq/minus_one", "one": "rowq/one",
              "eps": "rowq/eps", "zero_f": "rowq/zero_f",
              "half_range": "rowq/half_range", "mid_f": "rowq/mid_f", "mid_u8": "rowq/mid_u8",
              "one_f": "rowq/one_f"}
    g.initializer.extend([
        numpy_helper.from_array(np.array([0], dtype=np.int64), shared["zero"]),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), shared["minus_one"]),
        numpy_helper.from_array(np.array([1], dtype=np.int64), shared["one"]),
        numpy_helper.from_array(np.array(1e-8, dtype=np.float32), shared["eps"]),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), shared["zero_f"]),
        numpy_helper.from_array(np.array(127.0, dtype=np.float32), shared["half_range"]),
        numpy_helper.from_array(np.array(128.0, dtype=np.float32), shared["mid_f"]),
        numpy_helper.from_array(np.array(128, dtype=np.uint8), shared["mid_u8"]),
    ])
    if fused:
        g.initializer.append(numpy_helper.from_array(np.array(1.0, dtype=np.float32), shared["one_f"]))
        if not any(o.domain == "com.microsoft" for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    targets = [(nd, w) for nd, w in weight_matmuls(g) if not (skip and re.search(skip, nd.name))]
    groups = {}
    for nd, w in targets:
        groups.setdefault(nd.input[0] if group else id(nd), []).append((nd, w))
    # A group's nodes go where its first member was: all members read the same input.
    first = {id(members[0][0]): members for members in groups.values()}
    dead_nodes = {id(nd) for nd, _ in targets}
    new_nodes = []
    for node in g.node:
        if id(node) in first:
            members = first[id(node)]
            x_max = maxima[members[0][0].input[0]] if maxima else None
            nodes, inits = rewrite_group(members, shared, x_max, alpha, dequant, fused)
            new_nodes.extend(nodes)
            g.initializer.extend(inits)
        elif id(node) not in dead_nodes:
            new_nodes.append(node)
    dead = {w.name for _, w in targets}
    del g.node[:]
    g.node.extend(new_nodes)
    keep = [i for i in g.initializer if i.name not in dead]
    del g.initializer[:]
    g.initializer.extend(keep)
    if not fused:
        onnx.checker.check_model(model)
    onnx.save(model, dst)
    return len(targets)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="fp32 model.onnx")
    ap.add_argument("dst", help="where to write the per-row int8 file (model.rows8.onnx)")
    ap.add_argument("--calib", help="JSONL pairs (geostance run --pairs-out) of the training split: "
                    "per-channel activation maxima for smoothing; without it, no smoothing")
    ap.add_argument("--n", type=int, default=512, help="calibration pairs drawn from --calib")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--alpha", type=float, default=0.5, help="smoothing strength (chosen on the dev split)")
    ap.add_argument("--tokenizer", help="tokenizer.json [default: beside src]")
    ap.add_argument("--fused", action="store_true", help="ONNX Runtime's MatMulIntegerToFloat for product and column scales")
    a = ap.parse_args()
    maxima = None
    if a.calib:
        import json
        import os
        import random

        with open(a.calib, encoding="utf-8") as f:
            pairs = [json.loads(line) for line in f if line.strip()]
        random.Random(a.seed).shuffle(pairs)
        tok = a.tokenizer or os.path.join(os.path.dirname(a.src), "tokenizer.json")
        maxima = channel_maxima(a.src, tok, [(p["premise"], p["hypothesis"]) for p in pairs[:a.n]])
    n = quantize(a.src, a.dst, maxima=maxima, alpha=a.alpha, fused=a.fused)
    print(f"{n} MatMuls rewritten -> {a.dst}")


if __name__ == "__main__":
    main()
