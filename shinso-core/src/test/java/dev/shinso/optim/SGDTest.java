package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SGDTest {
  private static final OptimReference REF = OptimReference.read("optim_sgd.json");

  @Test
  void plainMatchesPyTorch() {
    REF.assertMatches("sgd_plain", ps -> new SGD(ps, 0.1));
  }

  @Test
  void momentumMatchesPyTorch() {
    REF.assertMatches("sgd_momentum", ps -> new SGD(ps, 0.1).momentum(0.9));
  }

  @Test
  void dampeningMatchesPyTorch() {
    REF.assertMatches("sgd_dampening", ps -> new SGD(ps, 0.1).momentum(0.9).dampening(0.5));
  }

  @Test
  void nesterovMatchesPyTorch() {
    REF.assertMatches("sgd_nesterov", ps -> new SGD(ps, 0.1).momentum(0.9).nesterov(true));
  }

  @Test
  void weightDecayMatchesPyTorch() {
    REF.assertMatches("sgd_weight_decay", ps -> new SGD(ps, 0.1).weightDecay(0.1));
    REF.assertMatches("sgd_weight_decay_momentum", ps -> new SGD(ps, 0.1).momentum(0.5).weightDecay(0.1));
  }

  @Test
  void parameterGroupsMatchPyTorch() {
    REF.assertMatches("sgd_groups", ps -> new SGD(List.of(
        ParamGroup.of(List.of(ps.get(0))).lr(0.05).momentum(0.9), ParamGroup.of(List.of(ps.get(1)))), 0.1));
  }

  /**
   * The lecture writes momentum as θ_{t+1} = θ_t − α g_t + μ(θ_t − θ_{t−1}) (with θ_{−1} = θ_0);
   * PyTorch as v_{t+1} = μ v_t + g_t, θ_{t+1} = θ_t − α v_{t+1} (with v_0 = 0). They are the same
   * iteration under the change of variables θ_t − θ_{t−1} = −α v_t: substituting it,
   * θ_{t+1} = θ_t − α g_t − α μ v_t = θ_t − α (μ v_t + g_t). Here the lecture's form runs in double
   * with the exact gradient A θ − b of f(θ) = ½ θᵀAθ − bᵀθ, SGD in float32 with autograd; the two
   * trajectories agree over 50 steps up to float rounding.
   */
  @Test
  void lectureMomentumFormGivesTheSameTrajectory() {
    double[][] a = {{3, 0.5, 0, 0.2}, {0.5, 2, 0.3, 0}, {0, 0.3, 1, 0.1}, {0.2, 0, 0.1, 0.5}};
    double[] b = {1, -2, 0.5, 1.5};
    double[] start = {1.5, -0.5, 2, -1};
    double alpha = 0.05, mu = 0.9;

    Parameter theta = new Parameter(Tensor.of(toFloats(start)));
    Tensor aT = Tensor.of(new float[][] {toFloats(a[0]), toFloats(a[1]), toFloats(a[2]), toFloats(a[3])});
    Tensor bT = Tensor.of(toFloats(b));
    SGD sgd = new SGD(List.of(theta), alpha).momentum(mu);

    double[] previous = start.clone(), current = start.clone();
    for (int t = 0; t < 50; t++) {
      double[] next = new double[4];
      for (int i = 0; i < 4; i++) {
        double g = -b[i];
        for (int j = 0; j < 4; j++) g += a[i][j] * current[j];
        next[i] = current[i] - alpha * g + mu * (current[i] - previous[i]);
      }
      previous = current;
      current = next;

      sgd.zeroGrad();
      theta.mul(aT.matmul(theta)).sum().mul(0.5f).sub(bT.mul(theta).sum()).backward();
      sgd.step();
      float[] actual = theta.toFloatArray();
      for (int i = 0; i < 4; i++) {
        assertThat((double) actual[i]).as("step %d, θ[%d]", t + 1, i).isCloseTo(current[i],
            offset(1e-5 * (1 + Math.abs(current[i]))));
      }
    }
    // The trajectory really used momentum: it is far from plain gradient descent's after 50 steps.
    assertThat(current[0]).isNotCloseTo(plainDescent(a, b, start, alpha, 50)[0], offset(1e-3));
  }

  private static double[] plainDescent(double[][] a, double[] b, double[] start, double alpha, int steps) {
    double[] x = start.clone();
    for (int t = 0; t < steps; t++) {
      double[] next = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double g = -b[i];
        for (int j = 0; j < x.length; j++) g += a[i][j] * x[j];
        next[i] = x[i] - alpha * g;
      }
      x = next;
    }
    return x;
  }

  /**
   * Weight decay λ adds λθ to the gradient, which is the gradient of the penalty (λ/2)‖θ‖²: SGD with
   * weightDecay(λ) on a loss follows plain SGD on the loss plus that penalty, computed with tensor
   * ops so that autograd supplies the λθ (with momentum, to cover its interaction too).
   */
  @Test
  void weightDecayIsTheGradientOfAnL2Penalty() {
    double lambda = 0.3;
    List<Parameter> decayed = REF.parameters(), penalised = REF.parameters();
    SGD withDecay = new SGD(decayed, 0.1).momentum(0.9).weightDecay(lambda);
    SGD plain = new SGD(penalised, 0.1).momentum(0.9);
    for (int t = 0; t < 20; t++) {
      REF.step(withDecay, decayed);

      plain.zeroGrad();
      Tensor penalty = penalised.get(0).mul(penalised.get(0)).sum().add(penalised.get(1).mul(penalised.get(1)).sum());
      REF.loss(penalised).add(penalty.mul((float) (lambda / 2))).backward();
      plain.step();

      for (int k = 0; k < 2; k++) {
        float[] x = decayed.get(k).toFloatArray(), y = penalised.get(k).toFloatArray();
        for (int i = 0; i < x.length; i++) {
          assertThat(x[i]).as("step %d, param %d[%d]", t + 1, k, i)
              .isCloseTo(y[i], offset(1e-6f * (1 + Math.abs(y[i]))));
        }
      }
    }
    // ... and the decay mattered.
    List<Parameter> undecayed = REF.parameters();
    SGD none = new SGD(undecayed, 0.1).momentum(0.9);
    for (int t = 0; t < 20; t++) REF.step(none, undecayed);
    assertThat(undecayed.get(0).toFloatArray()).isNotEqualTo(decayed.get(0).toFloatArray());
  }

  @Test
  void nesterovNeedsMomentumAndNoDampening() {
    List<Parameter> ps = REF.parameters();
    REF.loss(ps).backward();
    assertThatThrownBy(() -> new SGD(ps, 0.1).nesterov(true).step())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Nesterov momentum needs momentum > 0 and dampening 0")
        .hasMessageContaining("momentum 0.0");
    assertThatThrownBy(() -> new SGD(ps, 0.1).momentum(0.9).dampening(0.1).nesterov(true).step())
        .hasMessageContaining("dampening 0.1");
    assertThat(ps.get(0).toFloatArray()).as("a failed step changes nothing")
        .isEqualTo(REF.parameters().get(0).toFloatArray());
  }

  @Test
  void rejectsNegativeSettings() {
    List<Parameter> ps = REF.parameters();
    assertThatThrownBy(() -> new SGD(ps, -0.1)).hasMessage("SGD: invalid lr -0.1 (must be >= 0)");
    assertThatThrownBy(() -> new SGD(ps, 0.1).momentum(-0.5)).hasMessage("SGD: invalid momentum -0.5 (must be >= 0)");
  }

  @Test
  void skipsParametersWithoutGradient() {
    List<Parameter> ps = REF.parameters();
    float[] bBefore = ps.get(1).toFloatArray();
    SGD sgd = new SGD(ps, 0.1).momentum(0.9);
    REF.loss(ps).backward();
    ps.get(1).setGrad(null);
    sgd.step();
    assertThat(ps.get(1).toFloatArray()).isEqualTo(bBefore);
    assertThat(ps.get(0).toFloatArray()).isNotEqualTo(REF.parameters().get(0).toFloatArray());
    assertThat(sgd.stateDict()).containsKey("state.0.momentum_buffer").doesNotContainKey("state.1.momentum_buffer");
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }
}
