package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ModuleReference;
import org.junit.jupiter.api.Test;

/** CausalSelfAttention, PositionalEmbedding and TransformerBlock against PyTorch and finite differences. */
class TransformerLayersTest {
  @Test
  void causalSelfAttentionMatchesPyTorch() {
    ModuleReference.check(ModuleReference.find("transformer", "causal_attention"), new CausalSelfAttention(8, 2),
        1e-4, 1e-5);
  }

  @Test
  void positionalEmbeddingMatchesPyTorch() {
    ModuleReference.check(ModuleReference.find("transformer", "positional_embedding"), new PositionalEmbedding(6, 4),
        1e-4, 1e-5);
  }

  @Test
  void transformerBlockMatchesPyTorch() {
    ModuleReference.check(ModuleReference.find("transformer", "transformer_block"), new TransformerBlock(8, 2),
        1e-4, 1e-5);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    // The checks run in float64 (as PyTorch's gradcheck): modules are converted first, as with module.double().
    CausalSelfAttention attn = new CausalSelfAttention(4, 2);
    attn.to(DType.FLOAT64);
    GradChecks.assertGradientsMatch("CausalSelfAttention input", xs -> attn.forward(xs.get(0)),
        GradChecks.randn(61, 1, 2, 3, 4));
    TransformerBlock block = new TransformerBlock(4, 2);
    block.to(DType.FLOAT64);
    GradChecks.assertGradientsMatch("TransformerBlock input", xs -> block.forward(xs.get(0)),
        GradChecks.randn(62, 1, 1, 3, 4));
    Tensor x = GradChecks.randn(63, 1, 1, 3, 4).toDouble();
    GradChecks.assertParameterGradientsMatch("TransformerBlock parameters", block, () -> block.forward(x));
    PositionalEmbedding pe = new PositionalEmbedding(5, 3);
    pe.to(DType.FLOAT64);
    GradChecks.assertGradientsMatch("PositionalEmbedding input", xs -> pe.forward(xs.get(0)),
        GradChecks.randn(64, 1, 2, 4, 3));
  }

  @Test
  void causalSelfAttentionIsCausal() {
    CausalSelfAttention attn = new CausalSelfAttention(8, 4);
    Tensor x = GradChecks.randn(65, 1, 1, 6, 8);
    Tensor y = attn.forward(x);
    Tensor x2 = x.clone();
    x2.narrow(1, 4, 2).fill_(3f);
    Tensor y2 = attn.forward(x2);
    assertThat(y2.narrow(1, 0, 4).toFloatArray()).containsExactly(y.narrow(1, 0, 4).toFloatArray());
  }

  @Test
  void keysAndPrinting() {
    assertThat(new TransformerBlock(8, 2).stateDict().keySet()).containsExactly("ln1.weight", "ln1.bias",
        "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias", "ln2.weight", "ln2.bias",
        "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias");
    assertThat(new PositionalEmbedding(6, 4)).hasToString("PositionalEmbedding(6, 4)");
  }

  @Test
  void badShapesAreClearErrors() {
    assertThatThrownBy(() -> new CausalSelfAttention(10, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10").hasMessageContaining("4");
    assertThatThrownBy(() -> new CausalSelfAttention(8, 2).forward(Tensor.zeros(2, 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 8]");
    assertThatThrownBy(() -> new PositionalEmbedding(4, 3).forward(Tensor.zeros(1, 5, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 5, 3]").hasMessageContaining("4");
  }
}
