#!/usr/bin/env python3
"""PyTorch reference values for shinso's transformer building blocks.

Regenerate (from the repository root) with:

    /usr/bin/python3 shinso-core/src/test/python/generate_transformer_reference.py

It writes shinso-core/src/test/resources/reference/transformer.json ({"torch_version", "seed", "cases"}):

    sdpa_*               scaled dot-product attention written out (torch 1.13 has no F.scaled_dot_product_attention):
                         softmax(q·kᵀ/√d + causal mask)·v; inputs q, k, v
    causal_attention     CausalSelfAttention(8, 2): qkv and proj Linear layers, heads split from one qkv projection;
                         its output is also checked against nn.MultiheadAttention with the same weights
    positional_embedding PositionalEmbedding(6, 4): input + weight[:T]
    transformer_block    TransformerBlock(8, 2): x + attn(ln1(x)), then + mlp(ln2(x)), mlp = Linear, GELU, Linear
    transformer_lm       a 2-layer TransformerLM (vocab 7, dim 8, 2 heads, context 6) with tied embeddings; input
                         int64 tokens, no input gradient

Each case is {"name", "op", "params", "repr" (layers), "inputs": [{"name", "dtype", "shape", "values"}, ...],
"output", "weight" (w of the loss sum(output * w)), "grads": {input or parameter name: {...}}}, in the format of
generate_conv_reference.py. The modules below mirror shinso's, parameter for parameter, so the state-dict keys and
reprs match. Uses only the standard library and torch; the seed is fixed.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_io import encode, encode_values, randn, write_json

SEED = 20261128

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)


def sdpa(q, k, v, causal):
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        l, s = q.shape[-2], k.shape[-2]
        mask = torch.ones(l, s, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    return scores.softmax(-1) @ v


class CausalSelfAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.qkv = nn.Linear(embed_dim, 3 * embed_dim)
        self.proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x):
        b, t, d = x.shape
        h = self.num_heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        y = sdpa(q, k, v, True)
        return self.proj(y.permute(0, 2, 1, 3).reshape(b, t, d))

    def extra_repr(self):
        return "embed_dim=%d, num_heads=%d" % (self.embed_dim, self.num_heads)


class PositionalEmbedding(nn.Module):
    def __init__(self, max_length, dim):
        super().__init__()
        self.max_length, self.dim = max_length, dim
        self.weight = nn.Parameter(torch.randn(max_length, dim) * 0.02)

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]

    def extra_repr(self):
        return "%d, %d" % (self.max_length, self.dim)


class TransformerBlock(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = CausalSelfAttention(d, h)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class TransformerLM(nn.Module):
    def __init__(self, vocab, layers, heads, dim, context):
        super().__init__()
        self.vocab, self.context = vocab, context
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = PositionalEmbedding(context, dim)
        self.blocks = nn.ModuleList([TransformerBlock(dim, heads) for _ in range(layers)])
        self.lnF = nn.LayerNorm(dim)

    def forward(self, idx):
        x = self.wpe(self.wte(idx))
        for b in self.blocks:
            x = b(x)
        return F.linear(self.lnF(x), self.wte.weight)  # tied: the output layer is the embedding table

    def extra_repr(self):
        return "vocab_size=%d, context=%d" % (self.vocab, self.context)


def randomise(module):
    """Non-default values everywhere (LayerNorm weights away from 1, biases non-zero) so every term is exercised."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(randn(*p.shape) * (0.5 if p.dim() > 1 else 0.2) + (1.0 if "ln" in name and name.endswith("weight") else 0.0))
    return module


def sdpa_case(name, shape_q, shape_k, dv, causal):
    q, k, v = randn(*shape_q), randn(*shape_k), randn(*shape_k[:-1], dv)
    leaves = [t.clone().requires_grad_(True) for t in (q, k, v)]
    out = sdpa(*leaves, causal)
    w = randn(*out.shape)
    (out * w).sum().backward()
    return {
        "name": name, "op": "scaled_dot_product_attention", "params": {"causal": causal},
        "inputs": [dict(name=n, **encode(t)) for n, t in zip("qkv", (q, k, v))],
        "output": encode(out), "weight": encode_values(w),
        "grads": {n: encode(t.grad) for n, t in zip("qkv", leaves)},
    }


def layer_case(name, module, x, args, input_grad=True):
    params = list(module.named_parameters())
    xl = x.clone().requires_grad_(True) if input_grad else x
    out = module(xl)
    w = randn(*out.shape)
    (out * w).sum().backward()
    grads = {"input": encode(xl.grad)} if input_grad else {}
    for n, p in params:
        grads[n] = encode(p.grad)
    return {
        "name": name, "op": type(module).__name__, "params": args, "repr": repr(module),
        "inputs": [dict(name="input", **encode(x))] + [dict(name=n, **encode(p)) for n, p in params],
        "output": encode(out), "weight": encode_values(w), "grads": grads,
    }


def attention_matches_multihead_attention(attn, x):
    """Our qkv/proj layout is nn.MultiheadAttention's in_proj/out_proj: same weights, same output."""
    d = attn.embed_dim
    mha = nn.MultiheadAttention(d, attn.num_heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(attn.qkv.weight)
        mha.in_proj_bias.copy_(attn.qkv.bias)
        mha.out_proj.weight.copy_(attn.proj.weight)
        mha.out_proj.bias.copy_(attn.proj.bias)
    t = x.shape[1]
    mask = torch.ones(t, t, dtype=torch.bool).triu(1)
    expected, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
    assert torch.allclose(attn(x), expected, atol=1e-5), "CausalSelfAttention differs from nn.MultiheadAttention"


def cases():
    out = [
        sdpa_case("sdpa_causal", [2, 3, 5, 4], [2, 3, 5, 4], 4, True),
        sdpa_case("sdpa_full_cross", [2, 4, 3], [2, 6, 3], 5, False),
        sdpa_case("sdpa_causal_rect", [1, 3, 4], [1, 6, 4], 2, True),
    ]
    attn = randomise(CausalSelfAttention(8, 2))
    x = randn(2, 5, 8)
    attention_matches_multihead_attention(attn, x)
    out.append(layer_case("causal_attention", attn, x, {"embed_dim": 8, "num_heads": 2}))
    out.append(layer_case("positional_embedding", randomise(PositionalEmbedding(6, 4)), randn(2, 5, 4),
                          {"max_length": 6, "dim": 4}))
    out.append(layer_case("transformer_block", randomise(TransformerBlock(8, 2)), randn(2, 5, 8),
                          {"embed_dim": 8, "num_heads": 2}))
    lm = randomise(TransformerLM(7, 2, 2, 8, 6))
    tokens = torch.tensor([[0, 3, 6, 2, 2], [5, 1, 4, 0, 6]])
    out.append(layer_case("transformer_lm", lm, tokens,
                          {"vocab_size": 7, "layers": 2, "heads": 2, "dim": 8, "context": 6}, input_grad=False))
    return out


if __name__ == "__main__":
    write_json("transformer.json", {"torch_version": torch.__version__, "seed": SEED, "cases": cases()})
