package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Replicas as threads of one JVM, each training its shard of a global batch. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DistributedDataParallelTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int BATCH = 10, IN = 6, OUT = 3;

  private static Module model(long seed) {
    Shinso.manualSeed(seed);
    return new Sequential(new Linear(IN, 16), new ReLU(), new Linear(16, 8), new ReLU(), new Linear(8, OUT));
  }

  /** Mean squared error over rows [from, to) of the batch, scaled by the shard's share of the batch. */
  private static Tensor loss(Module m, Tensor x, Tensor y, int from, int to) {
    Tensor out = m.forward(x.narrow(0, from, to - from));
    return Functional.mseLoss(out, y.narrow(0, from, to - from)).mul((float) (to - from) / BATCH);
  }

  private static List<float[]> grads(Module m) {
    List<float[]> g = new ArrayList<>();
    for (Parameter p : m.parameters()) g.add(p.grad().toFloatArray());
    return g;
  }

  @ParameterizedTest(name = "{0} replicas, bucket cap {1} bytes")
  @CsvSource({"2,256", "3,256", "3,4194304"})
  void replicasOnShardsGetTheWholeBatchsGradientBitIdentically(int n, long cap) {
    Shinso.manualSeed(7);
    Tensor x = Tensor.randn(BATCH, IN), y = Tensor.randn(BATCH, OUT);
    Module reference = model(0);
    loss(reference, x, y, 0, BATCH).backward();
    List<float[]> expected = grads(reference);

    // Rank 0 starts from the reference's weights, the others from different ones: attach evens them out.
    List<Module> replicas = new ArrayList<>();
    for (int r = 0; r < n; r++) replicas.add(model(r == 0 ? 0 : 100 + r));
    List<List<float[]>> got = LocalRanks.values(LocalRanks.run(n, TIMEOUT, g -> {
      Module m = replicas.get(g.rank());
      try (DistributedDataParallel ddp = new DistributedDataParallel(g, cap)) {
        List<Parameter> params = m.parameters();
        ddp.attach(params);
        if (cap == 256) assertThat(ddp.bucketSizes()).hasSizeGreaterThan(2);
        int from = g.rank() * BATCH / n, to = (g.rank() + 1) * BATCH / n; // 10 rows over 3 ranks: 3, 3, 4
        loss(m, x, y, from, to).backward();
        for (int i = params.size() - 1; i >= 0; i--) ddp.gradientReady(params.get(i)); // until backward calls it
        ddp.finish();
        return grads(m);
      }
    }));
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < expected.size(); i++) {
        assertThat(got.get(r).get(i)).as("rank %d, parameter %d, against one process", r, i)
            .containsExactly(expected.get(i), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(got.get(r).get(i)).as("rank %d, parameter %d, against rank 0", r, i).isEqualTo(got.get(0).get(i));
      }
    }
  }

  @Test
  void replicasStayBitIdenticalOverStepsAndADivergedRankIsNamed() {
    Shinso.manualSeed(3);
    Tensor x = Tensor.randn(BATCH, IN), y = Tensor.randn(BATCH, OUT);
    List<Module> replicas = List.of(model(1), model(2), model(3));
    var outcomes = LocalRanks.run(3, TIMEOUT, g -> {
      Module m = replicas.get(g.rank());
      try (DistributedDataParallel ddp = new DistributedDataParallel(g, 512)) {
        List<Parameter> params = m.parameters();
        ddp.attach(params);
        SGD opt = new SGD(params, 0.1);
        for (int step = 0; step < 4; step++) {
          opt.zeroGrad();
          int from = g.rank() * BATCH / 3, to = (g.rank() + 1) * BATCH / 3;
          loss(m, x, y, from, to).backward();
          for (int i = params.size() - 1; i >= 0; i--) ddp.gradientReady(params.get(i));
          ddp.finish();
          opt.step();
          ddp.checkReplicasEqual(params);
        }
        if (g.rank() == 2) {
          try (NoGrad ignored = NoGrad.enter()) {
            params.getFirst().add_(Tensor.scalar(params.getFirst().device(), 1e-7f)); // one replica drifts
          }
        }
        ddp.checkReplicasEqual(params);
        return null;
      }
    });
    for (int r = 0; r < 3; r++) {
      assertThat(outcomes.get(r).error()).as("rank %d", r).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("replicas diverged: rank [2] of 3");
    }
  }

  @Test
  void aParameterWithoutAGradientOnOneRankCountsAsZerosAndGetsTheSum() {
    List<Float> got = LocalRanks.values(LocalRanks.run(2, TIMEOUT, g -> {
      Parameter used = new Parameter(Tensor.of(new float[] {1, 2}, 2));
      Parameter unused = new Parameter(Tensor.of(new float[] {5}, 1));
      try (DistributedDataParallel ddp = new DistributedDataParallel(g, 4)) {
        ddp.attach(List.of(used, unused));
        used.setGrad(Tensor.of(new float[] {g.rank() + 1f, 10}, 2));
        if (g.rank() == 0) unused.setGrad(Tensor.of(new float[] {7}, 1));
        ddp.gradientReady(used); // unused is never reported: on rank 1 it has no gradient at all
        ddp.finish();
        assertThat(used.grad().toFloatArray()).containsExactly(3, 20);
        return unused.grad().toFloatArray()[0];
      }
    }));
    assertThat(got).containsExactly(7f, 7f);
  }

  @Test
  void broadcastBuffersCopiesRankZerosRunningStatistics() {
    List<float[]> got = LocalRanks.values(LocalRanks.run(3, TIMEOUT, g -> {
      Tensor mean = Tensor.of(new float[] {g.rank(), g.rank() * 2f}, 2);
      Tensor count = Tensor.ofLongs(new long[] {100L + g.rank()});
      try (DistributedDataParallel ddp = new DistributedDataParallel(g)) {
        ddp.broadcastBuffers(List.of(mean, count));
      }
      return new float[] {mean.toFloatArray()[0], mean.toFloatArray()[1], count.toLongArray()[0]};
    }));
    for (float[] v : got) assertThat(v).containsExactly(0, 0, 100);
  }

  @Test
  void gradientReadyRefusesAParameterReportedTwice() {
    LocalRanks.values(LocalRanks.run(1, TIMEOUT, g -> {
      Parameter p = new Parameter(Tensor.of(new float[] {1}, 1));
      try (DistributedDataParallel ddp = new DistributedDataParallel(g)) {
        ddp.attach(List.of(p));
        p.setGrad(Tensor.of(new float[] {2}, 1));
        ddp.gradientReady(p);
        assertThatThrownBy(() -> ddp.gradientReady(p)).hasMessageContaining("reported twice");
        ddp.finish();
        assertThat(p.grad().toFloatArray()).containsExactly(2);
      }
      return null;
    }));
  }
}
