package dev.shinso.testing;

import static dev.shinso.testing.ReferenceCase.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a layer against a PyTorch reference case of a layers file: its repr, then (with the
 * case's parameters loaded) its output and the gradients of sum(output · w) for the input and
 * every parameter.
 */
public final class ModuleReference {
  private ModuleReference() {}

  /** The case of the given name in /reference/{file}.json. */
  public static ReferenceCase find(String file, String name) {
    List<ReferenceCase> cases = ReferenceCase.load(file);
    return cases.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no case " + name + " in " + file + ".json"));
  }

  public static void check(ReferenceCase c, Module m, double rtol, double atol) {
    assertThat(m.toString()).as("%s: repr", c.name()).isEqualTo(c.raw().get("repr").asText());
    Map<String, Tensor> state = new LinkedHashMap<>(c.inputs());
    state.remove("input");
    assertThat(m.stateDict().keySet()).as("%s: state-dict keys", c.name()).containsExactlyElementsOf(state.keySet());
    m.loadStateDict(state, true);
    Tensor x = c.leaf("input");
    Tensor out = m.forward(x);
    assertClose(c.name() + " output", out, c.output(), rtol, atol);
    out.mul(c.lossWeight()).sum().backward();
    assertClose(c.name() + " input grad", x.grad(), c.grads().get("input"), rtol, atol);
    for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
      assertClose(c.name() + " " + p.getKey() + " grad", p.getValue().grad(), c.grads().get(p.getKey()), rtol, atol);
    }
  }
}
