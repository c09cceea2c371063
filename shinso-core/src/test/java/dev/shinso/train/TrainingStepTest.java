package dev.shinso.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.GradClip;
import dev.shinso.optim.SGD;
import dev.shinso.optim.lr.StepLR;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared step against the loop it replaces, and its accumulation and synchronisation contracts. */
class TrainingStepTest {
  private static final Tensor X = data(8, 4, 11), Y = Tensor.wrap(new long[] {0, 1, 2, 0, 1, 2, 2, 1}, 8).to(X.device());

  @Test
  void aStepIsTheHandWrittenLoopBitForBit() {
    Sequential a = model(), b = model();
    SGD optA = new SGD(a.parameters(), 0.5).momentum(0.9), optB = new SGD(b.parameters(), 0.5).momentum(0.9);
    StepLR schedA = new StepLR(optA, 2, 0.5), schedB = new StepLR(optB, 2, 0.5);
    TrainingStep step = new TrainingStep(a.parameters(), optA).scheduler(schedA).clipGradNorm(0.3);
    for (int i = 0; i < 5; i++) {
      step.step(loss(a, X, Y));
      Tensor l = loss(b, X, Y);
      optB.zeroGrad();
      l.backward();
      GradClip.clipGradNorm(b.parameters(), 0.3);
      optB.step();
      schedB.step();
    }
    assertThat(flat(a)).containsExactly(flat(b));
    assertThat(step.steps()).isEqualTo(5);
  }

  @Test
  void twoHalfBatchesAccumulatedAreOneWholeBatch() {
    Sequential whole = model(), halves = model();
    new TrainingStep(whole.parameters(), new SGD(whole.parameters(), 0.1)).step(loss(whole, X, Y));
    TrainingStep step = new TrainingStep(halves.parameters(), new SGD(halves.parameters(), 0.1));
    step.accumulate(loss(halves, X.narrow(0, 0, 4), Y.narrow(0, 0, 4)), 0.5);
    step.step(loss(halves, X.narrow(0, 4, 4), Y.narrow(0, 4, 4)), 0.5);
    float[] w = flat(whole), h = flat(halves);
    for (int i = 0; i < w.length; i++) assertThat(h[i]).isCloseTo(w[i], org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(flat(whole)).isNotEqualTo(flat(model()));
  }

  @Test
  void theSyncHearsOnlyTheLastBackwardLastLayerFirstAndFinishesBeforeClipping() {
    Sequential m = model();
    List<Parameter> params = m.parameters();
    RecordingSync sync = new RecordingSync();
    TrainingStep step = new TrainingStep(params, new SGD(params, 1)).clipGradNorm(1e9).gradientSync(sync);
    assertThat(sync.attached).isEqualTo(params);
    step.accumulate(loss(m, X, Y), 0.5);
    assertThat(sync.ready).isEmpty();
    Sequential reference = model();
    float[] before = flat(m);
    step.step(loss(m, X, Y), 0.5);
    // Backward finishes the last Linear's parameters before the first's.
    assertThat(sync.ready.indexOf(params.get(2))).isLessThan(sync.ready.indexOf(params.get(0)));
    assertThat(sync.ready).containsExactlyInAnyOrderElementsOf(params);
    // The sync doubled each gradient before the update: the step moved by twice one batch's gradient.
    Tensor l = loss(reference, X, Y);
    l.backward();
    float[] after = flat(m), grad = Tensor.cat(reference.parameters().stream().map(p -> p.grad().reshape(-1)).toList(), 0)
        .toFloatArray();
    for (int i = 0; i < after.length; i++) {
      assertThat(before[i] - after[i]).isCloseTo(2 * grad[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
    step.close();
    step.step(loss(m, X, Y));
    assertThat(sync.ready).hasSize(params.size()); // hooks removed: nothing more reported
  }

  @Test
  void anAverageFollowsEveryStep() {
    Sequential m = model();
    Ema ema = new Ema(m, 0.5);
    TrainingStep step = new TrainingStep(m.parameters(), new SGD(m.parameters(), 0.1)).ema(ema, m);
    step.step(loss(m, X, Y));
    step.step(loss(m, X, Y));
    assertThat(ema.updates()).isEqualTo(2);
  }

  @Test
  void theLossMustBeAScalar() {
    Sequential m = model();
    TrainingStep step = new TrainingStep(m.parameters(), new SGD(m.parameters(), 0.1));
    assertThatThrownBy(() -> step.step(m.forward(X))).hasMessageContaining("scalar").hasMessageContaining("[8, 3]");
  }

  /** Doubles every gradient at finish, as two equal replicas summing would; records what backward reported. */
  private static final class RecordingSync implements GradientSync {
    List<Parameter> attached;
    final List<Parameter> ready = new ArrayList<>();

    @Override
    public void attach(List<Parameter> parameters) {
      attached = parameters;
    }

    @Override
    public void gradientReady(Parameter p) {
      ready.add(p);
    }

    @Override
    public void finish() {
      for (Parameter p : attached) p.grad().mul_(2f);
    }

    @Override
    public void close() {}
  }

  private static Sequential model() {
    Shinso.manualSeed(3);
    return new Sequential(new Linear(4, 6), new ReLU(), new Linear(6, 3));
  }

  private static Tensor loss(Sequential m, Tensor x, Tensor y) {
    return Functional.crossEntropy(m.forward(x), y);
  }

  private static Tensor data(int n, int d, long seed) {
    Shinso.manualSeed(seed);
    return Tensor.randn(n, d);
  }

  private static float[] flat(Sequential m) {
    return Tensor.cat(m.parameters().stream().map(p -> p.detach().reshape(-1)).toList(), 0).toFloatArray();
  }
}
