package dev.shinso.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The background prefetch thread: bounded, stops when done, closed or abandoned, and reports failures. */
class BatchIteratorTest {
  private final AtomicInteger made = new AtomicInteger();

  /** A data set of n samples that counts the batches it is asked for and fails on the one at failAt. */
  private Dataset counting(int n, int failAt) {
    TensorDataset base = new TensorDataset(Tensor.zeros(n, 1), Tensor.zeros(n));
    return new Dataset() {
      public int size() {
        return n;
      }

      public Sample get(int index) {
        return base.get(index);
      }

      @Override
      public Batch getBatch(int[] indices) {
        if (made.getAndIncrement() == failAt) throw new IllegalArgumentException("bad sample " + indices[0]);
        return base.getBatch(indices);
      }
    };
  }

  private static void awaitEnd(Thread t) throws InterruptedException {
    t.join(10_000);
    assertThat(t.isAlive()).as("prefetch thread still running").isFalse();
  }

  @Test
  void threadEndsAfterTheLastBatch() throws InterruptedException {
    BatchIterator it = DataLoader.builder(counting(10, -1)).batchSize(3).build().iterator(0);
    int n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    assertThat(n).isEqualTo(4);
    awaitEnd(it.thread());
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void preparesAtMostPrefetchBatchesAhead() throws InterruptedException {
    BatchIterator it = DataLoader.builder(counting(100, -1)).batchSize(1).prefetch(2).build().iterator(0);
    it.next();
    Thread.sleep(300);
    // one taken, two waiting in the queue, one finished and blocked on the full queue
    assertThat(made.get()).isBetween(3, 4);
    it.close();
    awaitEnd(it.thread());
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void closeStopsAThreadBlockedOnAFullQueue() throws InterruptedException {
    BatchIterator it = DataLoader.builder(counting(100, -1)).batchSize(1).build().iterator(0);
    it.next();
    it.close();
    awaitEnd(it.thread());
    assertThat(made.get()).isLessThan(10);
  }

  @Test
  void anAbandonedIteratorStopsItsThreadWhenCollected() throws InterruptedException {
    Thread t = abandonAfterOneBatch(DataLoader.builder(counting(100, -1)).batchSize(1).build());
    for (int i = 0; i < 100 && t.isAlive(); i++) {
      System.gc();
      t.join(100);
    }
    assertThat(t.isAlive()).as("thread of an unreachable iterator").isFalse();
  }

  private static Thread abandonAfterOneBatch(DataLoader loader) {
    BatchIterator it = loader.iterator(0);
    it.next();
    return it.thread(); // the iterator goes out of scope here, as when a for-each loop breaks early
  }

  @Test
  void anExceptionInTheThreadReachesTheConsumerAfterTheGoodBatches() throws InterruptedException {
    BatchIterator it = DataLoader.builder(counting(10, 2)).batchSize(2).build().iterator(0);
    it.next();
    it.next();
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batch 2").hasMessageContaining("bad sample")
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad sample 4");
    assertThat(it.hasNext()).isFalse();
    awaitEnd(it.thread());
  }

  @Test
  void withoutPrefetchFailuresReadTheSameAndNoThreadStarts() {
    BatchIterator it = DataLoader.builder(counting(10, 1)).batchSize(2).prefetch(0).build().iterator(0);
    assertThat(it.thread()).isNull();
    it.next();
    assertThat(made.get()).isEqualTo(1); // nothing prepared ahead
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("batch 1")
        .cause().hasMessage("bad sample 2");
  }
}
