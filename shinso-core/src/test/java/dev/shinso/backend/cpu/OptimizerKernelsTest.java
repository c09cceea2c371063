package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused updates against the unfused formula written with tensor ops (the optimisers' code
 * before fusion), bit for bit, on both the vector and the scalar path; 1003 elements so the vector
 * loop leaves a tail.
 */
class OptimizerKernelsTest {
  private static final int N = 1003;

  @Test
  void adamEqualsTheTensorFormulaBitForBit() {
    for (boolean simd : new boolean[] {true, false}) {
      for (float wd : new float[] {0f, 0.01f}) {
        for (boolean amsgrad : new boolean[] {false, true}) {
          Generator g = new Generator(1);
          Tensor p = Tensor.randn(g, N), grad = Tensor.randn(g, N), m = Tensor.randn(g, N).mul(0.1f);
          Tensor v = Tensor.rand(g, N).mul(0.01f), vmax = amsgrad ? Tensor.rand(g, N).mul(0.01f) : null;
          var s = new OptimizerStep.Adam(0.9f, 0.1f, 0.999f, (float) (1 - 0.999), -1e-3f / 0.1f, 0.0447f, 1e-8f, wd);

          // Expected: the composite formula.
          Tensor gw = wd == 0 ? grad : grad.add(p.mul(wd));
          Tensor em = m.mul(s.beta1()).add(gw.mul(s.oneMinusBeta1()));
          Tensor ev = v.mul(s.beta2()).add(gw.mul(s.oneMinusBeta2()).mul(gw));
          Tensor evmax = amsgrad ? vmax.maximum(ev) : null;
          Tensor denom = (amsgrad ? evmax : ev).sqrt().div(s.bias2Sqrt()).add(s.eps());
          Tensor ep = p.add(em.mul(s.negStepSize()).div(denom));

          OptimizerKernels.adam(p, grad, m, v, vmax, s, simd);
          String what = "simd=" + simd + " wd=" + wd + " amsgrad=" + amsgrad;
          assertThat(p.toFloatArray()).as(what).containsExactly(ep.toFloatArray());
          assertThat(m.toFloatArray()).as(what).containsExactly(em.toFloatArray());
          assertThat(v.toFloatArray()).as(what).containsExactly(ev.toFloatArray());
          if (amsgrad) assertThat(vmax.toFloatArray()).as(what).containsExactly(evmax.toFloatArray());
        }
      }
    }
  }

  @Test
  void sgdEqualsTheTensorFormulaBitForBit() {
    for (boolean simd : new boolean[] {true, false}) {
      for (int variant = 0; variant < 5; variant++) {
        boolean momentum = variant > 0, first = variant == 1, nesterov = variant == 3;
        float wd = variant == 4 ? 5e-4f : 0f;
        Generator g = new Generator(2);
        Tensor p = Tensor.randn(g, N), grad = Tensor.randn(g, N), buf = momentum ? Tensor.randn(g, N) : null;
        var s = new OptimizerStep.Sgd(wd, momentum ? 0.9f : 0f, 0.75f, nesterov, first, -0.1f);

        Tensor d = wd == 0 ? grad : grad.add(p.mul(wd));
        Tensor eb = null;
        if (momentum) {
          eb = first ? d : buf.mul(s.momentum()).add(d.mul(s.oneMinusDampening()));
          d = nesterov ? d.add(eb.mul(s.momentum())) : eb;
        }
        Tensor ep = p.add(d.mul(s.negLr()));

        OptimizerKernels.sgd(p, grad, buf, s, simd);
        String what = "simd=" + simd + " variant=" + variant;
        assertThat(p.toFloatArray()).as(what).containsExactly(ep.toFloatArray());
        if (momentum) assertThat(buf.toFloatArray()).as(what).containsExactly(eb.toFloatArray());
      }
    }
  }

  @Test
  void mismatchedOrStridedTensorsAreRejectedWithTheirShapes() {
    var s = new OptimizerStep.Sgd(0, 0, 1, false, false, -0.1f);
    assertThatThrownBy(() -> OptimizerKernels.sgd(Tensor.zeros(4), Tensor.zeros(5), null, s, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sgdStep").hasMessageContaining("[4]")
        .hasMessageContaining("[5]");
    assertThatThrownBy(() -> OptimizerKernels.sgd(Tensor.zeros(3, 2), Tensor.zeros(2, 3).t(), null, s, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not contiguous");
  }
}
