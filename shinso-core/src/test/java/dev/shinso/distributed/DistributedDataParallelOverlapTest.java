package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When and in what order DDP starts its all-reduces, seen through a group that records its calls. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DistributedDataParallelOverlapTest {
  /** A group of two whose all-reduce doubles the data, recording the first element of each call. */
  private static final class RecordingGroup implements ProcessGroup {
    final List<Float> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch first = new CountDownLatch(1);

    @Override
    public int rank() {
      return 0;
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public void allReduceSum(float[] data, int offset, int length) {
      calls.add(data[offset]);
      for (int i = offset; i < offset + length; i++) data[i] *= 2;
      first.countDown();
    }

    @Override
    public void broadcast(float[] data, int offset, int length, int root) {}

    @Override
    public long[] allGather(long value) {
      return new long[] {value, value};
    }

    @Override
    public void barrier() {}

    @Override
    public void close() {}
  }

  private static Parameter param(float grad) {
    Parameter p = new Parameter(Tensor.of(new float[] {0, 0}, 2));
    p.setGrad(Tensor.of(new float[] {grad, grad}, 2));
    return p;
  }

  @Test
  void aCompleteBucketIsAllReducedBeforeFinishAndBucketsGoInReverseParameterOrder() throws InterruptedException {
    RecordingGroup group = new RecordingGroup();
    Parameter a = param(1), b = param(2), c = param(3);
    try (DistributedDataParallel ddp = new DistributedDataParallel(group, 8)) { // one 2-float parameter per bucket
      ddp.attach(List.of(a, b, c));
      assertThat(ddp.bucketSizes()).containsExactly(2, 2, 2);
      ddp.gradientReady(b); // out of order: bucket 1 is complete, but bucket 0 (c) is not, so nothing starts
      Thread.sleep(50);
      assertThat(group.calls).isEmpty();
      ddp.gradientReady(c); // now buckets 0 and 1 start, in that order, while "backward" goes on
      assertThat(group.first.await(5, TimeUnit.SECONDS)).as("an all-reduce started before finish").isTrue();
      ddp.finish(); // a was never reported: its bucket goes last, from its gradient
      assertThat(group.calls).containsExactly(3f, 2f, 1f);
    }
    assertThat(a.grad().toFloatArray()).containsExactly(2, 2);
    assertThat(c.grad().toFloatArray()).containsExactly(6, 6);
  }
}
