package dev.shinso.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replicas on shards of each global batch, their gradients summed, train as one process on the whole
 * batch: only the order of the summation differs. The sum here is in memory, between threads; the
 * communication itself is tested in dev.shinso.distributed.
 */
class DataParallelTrainerTest {
  private static final int N = 52, BATCH = 16; // 4 batches, the last of 4 rows: uneven shards for 3 replicas

  @Test
  @Timeout(60)
  void twoAndThreeReplicasMatchOneProcess() throws Exception {
    float[] single = train(null, 1).get(0);
    for (int replicas : new int[] {2, 3}) {
      List<float[]> weights = train(new SummingSync.Group(replicas), replicas);
      for (float[] w : weights) {
        assertThat(w).containsExactly(weights.get(0)); // the replicas stay identical, bit for bit
        for (int i = 0; i < w.length; i++) {
          assertThat(w[i]).as("replicas %d, weight %d", replicas, i).isCloseTo(single[i],
              org.assertj.core.data.Offset.offset(2e-5f));
        }
      }
    }
  }

  @Test
  void aShardedLoaderMustGiveEveryReplicaARow() {
    DataLoader loader = DataLoader.builder(data()).batchSize(BATCH).seed(1).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.shard(0, 2).shard(0, 2))
        .hasMessageContaining("already a shard");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.shard(0, 5))
        .hasMessageContaining("5 replicas").hasMessageContaining("a last batch of 4");
  }

  /** Trains every replica for two epochs on its own thread; returns each one's final weights. */
  private static List<float[]> train(SummingSync.Group group, int replicas) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int r = 0; r < replicas; r++) {
        int rank = r;
        results.add(pool.submit(() -> {
          Sequential model = model();
          DataLoader loader = DataLoader.builder(data()).batchSize(BATCH).shuffle(true).seed(5).prefetch(0).build();
          Trainer t = new Trainer(model, new SGD(model.parameters(), 0.1).momentum(0.9), null,
              group == null ? loader : loader.shard(rank, replicas));
          if (group != null) t.trainingStep().gradientSync(new SummingSync(group, rank));
          t.trainEpoch(0, null);
          t.trainEpoch(1, null);
          return Tensor.cat(model.parameters().stream().map(p -> p.detach().reshape(-1)).toList(), 0).toFloatArray();
        }));
      }
      List<float[]> out = new ArrayList<>();
      for (Future<float[]> f : results) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static synchronized Sequential model() {
    Shinso.manualSeed(7); // synchronized: the threads share the default generator
    return new Sequential(new Linear(5, 8), new ReLU(), new Linear(8, 3));
  }

  private static TensorDataset data() {
    float[] x = new float[N * 5];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.37 * i);
    long[] y = new long[N];
    for (int i = 0; i < N; i++) y[i] = (i * 7) % 3;
    return new TensorDataset(Tensor.wrap(x, N, 5), Tensor.wrap(y, N));
  }

  /** Sums the replicas' gradients in rank order through shared arrays (a test stand-in for the ring). */
  private static final class SummingSync implements GradientSync {
    record Group(int size, CyclicBarrier barrier, float[][][] slots) {
      Group(int size) {
        this(size, new CyclicBarrier(size), new float[size][][]);
      }
    }

    private final Group group;
    private final int rank;
    private List<Parameter> params;

    SummingSync(Group group, int rank) {
      this.group = group;
      this.rank = rank;
    }

    @Override
    public void attach(List<Parameter> parameters) {
      params = parameters;
    }

    @Override
    public void gradientReady(Parameter p) {}

    @Override
    public void finish() {
      try {
        float[][] mine = new float[params.size()][];
        for (int i = 0; i < mine.length; i++) {
          Parameter p = params.get(i);
          mine[i] = p.grad() == null ? new float[p.numel()] : p.grad().toFloatArray();
        }
        group.slots()[rank] = mine;
        group.barrier().await();
        for (int i = 0; i < mine.length; i++) {
          float[] sum = group.slots()[0][i].clone();
          for (int r = 1; r < group.size(); r++) for (int j = 0; j < sum.length; j++) sum[j] += group.slots()[r][i][j];
          Parameter p = params.get(i);
          p.setGrad(Tensor.wrap(sum, p.shape().toArray()).to(p.device()));
        }
        group.barrier().await(); // nobody overwrites a slot before all have read it
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {}
  }
}
