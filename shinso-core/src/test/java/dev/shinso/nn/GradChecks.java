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
   * differences, in float64: the module is converted to float64 (so run's inputs must be float64
   * too), and the check moves each parameter's values in place, so run must read them from the module.
   */
  static void assertParameterGradientsMatch(String what, Module module, java.util.function.Supplier<Tensor> run) {
    module.to(dev.shinso.tensor.DType.FLOAT64);
    List<Parameter> ps = module.parameters();
    GradCheck.Mismatch m = GradCheck.checkInPlace(run, ps);
    assertThat(m).as(what + ": worst gradient mismatch (input = parameter "
        + (m == null ? "" : List.copyOf(module.namedParameters().keySet()).get(m.input())) + ")").isNull();
  }
}
