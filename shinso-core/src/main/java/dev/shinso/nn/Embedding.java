package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * A lookup table: row i of weight [numEmbeddings, embeddingDim] for each INT64 index i. Input of
 * any shape gives [*input, embeddingDim]. Weight is initialised N(0, 1), as PyTorch's.
 */
public class Embedding extends Module {
  private final int numEmbeddings;
  private final int embeddingDim;
  private final Parameter weight;

  public Embedding(int numEmbeddings, int embeddingDim) {
    if (numEmbeddings <= 0 || embeddingDim <= 0) {
      throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
          + numEmbeddings + " and " + embeddingDim);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = new Parameter(Tensor.zeros(numEmbeddings, embeddingDim));
    resetParameters();
  }

  public void resetParameters() {
    Init.normal(weight, 0, 1);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.embedding(input, weight);
  }

  public Parameter weight() {
    return weight;
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings + ", " + embeddingDim;
  }
}
