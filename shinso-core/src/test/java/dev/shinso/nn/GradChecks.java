package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.autograd.GradCheck;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/** Finite-difference gradient checks for layers, on inputs drawn from a fixed generator. */
final class GradChecks {
  private GradChecks() {}

  /** Asserts that f's gradient w.r.t. every input matches central differences (GradCheck's defaults). */
  static void assertGradientsMatch(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    for (Tensor t : inputs) t.requiresGrad(true);
    GradCheck.Mismatch m = GradCheck.check(f, List.of(inputs));
    assertThat(m).as(what + ": worst gradient mismatch").isNull();
  }

  /** Standard normal values scaled by scale, from a generator seeded with seed. */
  static Tensor randn(long seed, float scale, int... shape) {
    return Tensor.randn(new Generator(seed), shape).mul(scale).contiguousCopy();
  }

  /** Like randn but every |value| ≥ 0.1, so a kink at 0 is never within the finite-difference step. */
  static Tensor awayFromZero(long seed, int... shape) {
    float[] v = Tensor.randn(new Generator(seed), shape).toFloatArray();
    for (int i = 0; i < v.length; i++) v[i] = Math.copySign(Math.abs(v[i]) + 0.1f, v[i]);
    return Tensor.of(v, shape);
  }

  /**
   * Asserts that the gradient of run's output w.r.t. every parameter of module matches central
   * differences: the check moves each parameter's values, so run must read them from the module.
   */
  static void assertParameterGradientsMatch(String what, Module module, java.util.function.Supplier<Tensor> run) {
    List<Parameter> ps = module.parameters();
    List<Tensor> originals = ps.stream().map(p -> p.detach().clone()).toList();
    GradCheck.Mismatch m = GradCheck.check(xs -> {
      try (var g = dev.shinso.autograd.NoGrad.enter()) {
        for (int i = 0; i < ps.size(); i++) {
          // a moved copy sets the parameter; the parameter itself (or a view of it) means "as it was"
          ps.get(i).copy_(xs.get(i).storage() == ps.get(i).storage() ? originals.get(i) : xs.get(i));
        }
      }
      return run.get();
    }, List.copyOf(ps));
    assertThat(m).as(what + ": worst gradient mismatch (input = parameter "
        + (m == null ? "" : List.copyOf(module.namedParameters().keySet()).get(m.input())) + ")").isNull();
  }
}
