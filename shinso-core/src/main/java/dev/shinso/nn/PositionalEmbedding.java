package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Learned absolute positions (as GPT-2's wpe): weight [maxLength, embeddingDim] holds one vector
 * per position; forward adds rows 0…T−1 to input [..., T, embeddingDim]. Initialised N(0, 0.02²).
 */
public class PositionalEmbedding extends Module {
  private final int maxLength;
  private final int embeddingDim;
  private final Parameter weight;

  public PositionalEmbedding(int maxLength, int embeddingDim) {
    if (maxLength <= 0 || embeddingDim <= 0) {
      throw new IllegalArgumentException("PositionalEmbedding: max_length and embedding_dim must be positive, got "
          + maxLength + " and " + embeddingDim);
    }
    this.maxLength = maxLength;
    this.embeddingDim = embeddingDim;
    this.weight = new Parameter(Tensor.zeros(maxLength, embeddingDim));
    resetParameters();
  }

  public void resetParameters() {
    Init.normal(weight, 0, 0.02);
  }

  /** input [..., T, embeddingDim] plus the embeddings of positions 0…T−1. */
  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() < 2 || input.size(-1) != embeddingDim || input.size(-2) > maxLength) {
      throw new IllegalArgumentException("PositionalEmbedding: input " + input.shapeString() + " must be [..., T, "
          + embeddingDim + "] with T <= max_length " + maxLength + " (weight " + weight.shapeString() + ")");
    }
    return input.add(weight.narrow(0, 0, input.size(-2)));
  }

  public Parameter weight() {
    return weight;
  }

  public int maxLength() {
    return maxLength;
  }

  @Override
  protected String extraRepr() {
    return maxLength + ", " + embeddingDim;
  }
}
