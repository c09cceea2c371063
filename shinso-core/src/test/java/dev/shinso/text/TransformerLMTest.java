package dev.shinso.text;

import static dev.shinso.testing.ReferenceCase.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ModuleReference;
import dev.shinso.testing.ReferenceCase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerLMTest {
  @Test
  void matchesPyTorchWithTiedEmbeddings() {
    ReferenceCase c = ModuleReference.find("transformer", "transformer_lm");
    TransformerLM lm = new TransformerLM(new TransformerConfig(7, 2, 2, 8, 6));
    assertThat(lm.toString()).isEqualTo(c.raw().get("repr").asText());
    Map<String, Tensor> state = new LinkedHashMap<>(c.inputs());
    Tensor tokens = state.remove("input");
    assertThat(lm.stateDict().keySet()).containsExactlyElementsOf(state.keySet());
    lm.loadStateDict(state, true);
    Tensor out = lm.forward(tokens);
    assertClose("transformer_lm logits", out, c.output(), 1e-4, 1e-5);
    out.mul(c.lossWeight()).sum().backward();
    for (Map.Entry<String, Parameter> p : lm.namedParameters().entrySet()) {
      assertClose("transformer_lm " + p.getKey() + " grad", p.getValue().grad(), c.grads().get(p.getKey()), 1e-4, 1e-5);
    }
  }

  @Test
  void theOutputLayerIsTheEmbeddingTable() {
    TransformerLM lm = new TransformerLM(new TransformerConfig(5, 1, 1, 4, 3));
    assertThat(lm.stateDict().keySet()).filteredOn(k -> k.contains("wte") || k.contains("head")).containsExactly("wte.weight");
    long params = lm.parameterCount();
    // embeddings 5·4 + positions 3·4 + block (2·4 + 4·12+12 + 4·4+4 + 2·4 + 4·16+16 + 16·4+4) + final norm 2·4
    assertThat(params).isEqualTo(20 + 12 + (8 + 60 + 20 + 8 + 80 + 68) + 8);
  }

  @Test
  void inputErrorsNameTheShape() {
    TransformerLM lm = new TransformerLM(new TransformerConfig(5, 1, 1, 4, 3));
    assertThatThrownBy(() -> lm.forward(Tensor.ofLongs(new long[4], 1, 4))).hasMessageContaining("[1, 4]")
        .hasMessageContaining("context 3");
    assertThatThrownBy(() -> lm.forward(Tensor.zeros(1, 2))).hasMessageContaining("int64");
    assertThatThrownBy(() -> new TransformerConfig(5, 1, 3, 4, 3)).hasMessageContaining("multiple of heads 3");
  }
}
