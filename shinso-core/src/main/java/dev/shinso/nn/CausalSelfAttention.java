package dev.shinso.nn;

import dev.shinso.ops.Attention;
import dev.shinso.tensor.Tensor;

/**
 * Causal multi-head self-attention on x [B, T, embedDim]: one linear map {@code qkv} makes the
 * queries, keys and values of all heads at once (as GPT-2's c_attn), each head attends to the
 * positions up to its own with scaled dot products, and {@code proj} mixes the heads' outputs.
 */
public class CausalSelfAttention extends Module {
  private final int embedDim;
  private final int numHeads;
  private final Linear qkv;
  private final Linear proj;

  public CausalSelfAttention(int embedDim, int numHeads) {
    if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
      throw new IllegalArgumentException("CausalSelfAttention: embed_dim " + embedDim
          + " must be a positive multiple of num_heads " + numHeads);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.qkv = new Linear(embedDim, 3 * embedDim);
    this.proj = new Linear(embedDim, embedDim);
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.dim() != 3 || x.size(2) != embedDim) {
      throw new IllegalArgumentException("CausalSelfAttention: input must be [B, T, " + embedDim + "], got "
          + x.shapeString());
    }
    int b = x.size(0), t = x.size(1), hd = embedDim / numHeads;
    // [B, T, 3·D] → [3, B, H, T, hd]: views, no copy; matmul reads the strides.
    Tensor heads = qkv.forward(x).view(b, t, 3, numHeads, hd).permute(2, 0, 3, 1, 4);
    Tensor y = Attention.scaledDotProductAttention(heads.select(0, 0), heads.select(0, 1), heads.select(0, 2), true);
    return proj.forward(y.permute(0, 2, 1, 3).reshape(b, t, embedDim));
  }

  public Linear qkv() {
    return qkv;
  }

  public Linear proj() {
    return proj;
  }

  public int numHeads() {
    return numHeads;
  }

  @Override
  protected String extraRepr() {
    return "embed_dim=" + embedDim + ", num_heads=" + numHeads;
  }
}
