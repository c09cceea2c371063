package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * A pre-norm transformer decoder block (GPT-2's): x + attn(ln1(x)), then + mlp(ln2(x)) with the
 * MLP Linear(d, 4d) → GELU → Linear(4d, d). Normalising before each sub-layer keeps the residual
 * stream an identity path, so deep stacks train without warm-up tricks.
 */
public class TransformerBlock extends Module {
  private final LayerNorm ln1;
  private final CausalSelfAttention attn;
  private final LayerNorm ln2;
  private final Sequential mlp;

  public TransformerBlock(int embedDim, int numHeads) {
    this.ln1 = new LayerNorm(embedDim);
    this.attn = new CausalSelfAttention(embedDim, numHeads);
    this.ln2 = new LayerNorm(embedDim);
    this.mlp = new Sequential(new Linear(embedDim, 4 * embedDim), new GELU(), new Linear(4 * embedDim, embedDim));
  }

  /** x [B, T, embedDim] to the same shape. */
  @Override
  public Tensor forward(Tensor x) {
    x = x.add(attn.forward(ln1.forward(x)));
    return x.add(mlp.forward(ln2.forward(x)));
  }

  public CausalSelfAttention attn() {
    return attn;
  }

  public Sequential mlp() {
    return mlp;
  }
}
