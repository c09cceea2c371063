package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** The cases of nn_diffusion_layers.json (generate_diffusion_reference.py) for one module class. */
final class DiffusionLayerCases {
  private DiffusionLayerCases() {}

  static Stream<DynamicTest> tests(String module, Function<ReferenceCases.Case, Module> make) {
    List<ReferenceCases.Case> cases = ReferenceCases.load("nn_diffusion_layers.json").stream()
        .filter(c -> c.module().equals(module)).toList();
    assertThat(cases).as(module + " cases in nn_diffusion_layers.json").isNotEmpty();
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> ReferenceCases.checkModule(c, make.apply(c))));
  }

  static int[] ints(ReferenceCases.Case c, String key) {
    var node = c.config().get(key);
    if (node == null) return null;
    if (!node.isArray()) return new int[] {node.asInt(), node.asInt()};
    return new int[] {node.get(0).asInt(), node.get(1).asInt()};
  }
}
