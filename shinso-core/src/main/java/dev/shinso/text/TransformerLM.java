package dev.shinso.text;

import dev.shinso.nn.Embedding;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Init;
import dev.shinso.nn.LayerNorm;
import dev.shinso.nn.Module;
import dev.shinso.nn.ModuleList;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.PositionalEmbedding;
import dev.shinso.nn.TransformerBlock;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * A GPT-style language model: token and learned position embeddings, pre-norm transformer blocks,
 * a final LayerNorm, and logits over the vocabulary through the token embedding's own weight
 * (weight tying: the output layer is the input table transposed, so the state has one copy).
 * Weights start as GPT-2's: N(0, 0.02²), residual projections scaled by 1/√(2·layers).
 */
public class TransformerLM extends Module {
  private final TransformerConfig config;
  private final Embedding wte;
  private final PositionalEmbedding wpe;
  private final ModuleList<TransformerBlock> blocks;
  private final LayerNorm lnF;

  public TransformerLM(TransformerConfig config) {
    this.config = config;
    this.wte = new Embedding(config.vocabSize(), config.dim());
    this.wpe = new PositionalEmbedding(config.context(), config.dim());
    this.blocks = new ModuleList<>();
    for (int i = 0; i < config.layers(); i++) blocks.add(new TransformerBlock(config.dim(), config.heads()));
    this.lnF = new LayerNorm(config.dim());
    initWeights();
  }

  private void initWeights() {
    double residualStd = 0.02 / Math.sqrt(2.0 * config.layers());
    for (var e : namedParameters().entrySet()) {
      String name = e.getKey();
      Parameter p = e.getValue();
      if (name.startsWith("lnF") || name.contains(".ln")) continue;  // LayerNorm: ones and zeros
      if (name.endsWith(".bias")) Init.zeros(p);
      else if (name.endsWith("attn.proj.weight") || name.endsWith("mlp.2.weight")) Init.normal(p, 0, residualStd);
      else Init.normal(p, 0, 0.02);
    }
  }

  public TransformerConfig config() {
    return config;
  }

  /** Token ids [B, T] (INT64, T ≤ context) to next-token logits [B, T, vocabSize]. */
  @Override
  public Tensor forward(Tensor tokens) {
    if (tokens.dtype() != DType.INT64 || tokens.dim() != 2 || tokens.size(1) > config.context()) {
      throw new IllegalArgumentException("TransformerLM: input must be int64 token ids [B, T] with T <= context "
          + config.context() + ", got " + tokens.dtype() + " " + tokens.shapeString());
    }
    Tensor x = wpe.forward(wte.forward(tokens));
    for (TransformerBlock block : blocks) x = block.forward(x);
    return Functional.linear(lnF.forward(x), wte.weight(), null);
  }

  @Override
  protected String extraRepr() {
    return "vocab_size=" + config.vocabSize() + ", context=" + config.context();
  }
}
