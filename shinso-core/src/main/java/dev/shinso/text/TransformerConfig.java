package dev.shinso.text;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shape of a {@link TransformerLM}: vocabulary size, layers, heads, embedding width and context length. */
public record TransformerConfig(int vocabSize, int layers, int heads, int dim, int context) {
  public TransformerConfig {
    if (vocabSize < 1 || layers < 1 || heads < 1 || dim < 1 || context < 1) {
      throw new IllegalArgumentException("TransformerConfig: every size must be positive, got vocab " + vocabSize
          + ", layers " + layers + ", heads " + heads + ", dim " + dim + ", context " + context);
    }
    if (dim % heads != 0) {
      throw new IllegalArgumentException("TransformerConfig: dim " + dim + " must be a multiple of heads " + heads);
    }
  }

  /** As checkpoint metadata strings. */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vocab_size", Integer.toString(vocabSize));
    m.put("layers", Integer.toString(layers));
    m.put("heads", Integer.toString(heads));
    m.put("dim", Integer.toString(dim));
    m.put("context", Integer.toString(context));
    return m;
  }

  public static TransformerConfig fromMetadata(Map<String, String> m) {
    return new TransformerConfig(number(m, "vocab_size"), number(m, "layers"), number(m, "heads"), number(m, "dim"),
        number(m, "context"));
  }

  private static int number(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) throw new IllegalArgumentException("language-model checkpoint: metadata has no '" + key + "'");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("language-model checkpoint: metadata " + key + " is not a number: " + v);
    }
  }
}
