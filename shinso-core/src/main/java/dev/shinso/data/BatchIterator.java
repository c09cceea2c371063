package dev.shinso.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * The batches of one epoch of a {@link DataLoader}, in order. With prefetch &gt; 0 a background thread
 * prepares up to that many batches ahead through a bounded queue while the caller trains on the
 * current one. The thread ends after the last batch, on {@link #close()}, or when an abandoned
 * iterator is garbage-collected; an exception it hits is rethrown by {@link #next()}.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final IntFunction<Batch> makeBatch;
  private final int count;
  private final String name;
  private final Producer producer; // null when prefetch is 0
  private final Cleaner.Cleanable cleanable;
  private int taken;
  private boolean closed;

  BatchIterator(IntFunction<Batch> makeBatch, int count, int prefetch, String name) {
    this.makeBatch = makeBatch;
    this.count = count;
    this.name = name;
    if (prefetch > 0 && count > 0) {
      producer = new Producer(makeBatch, count, prefetch, name);
      // The cleaning action holds the producer, never this iterator, so an abandoned iterator can be collected.
      cleanable = CLEANER.register(this, producer::cancel);
      producer.thread.start();
    } else {
      producer = null;
      cleanable = null;
    }
  }

  @Override
  public boolean hasNext() {
    return !closed && taken < count;
  }

  @Override
  public Batch next() {
    if (!hasNext()) throw new NoSuchElementException(name + ": no more batches");
    int index = taken++;
    try {
      Batch batch = producer == null ? makeBatch.apply(index) : producer.take(index);
      if (taken == count) close();
      return batch;
    } catch (BatchFailure f) {
      close();
      throw failure(index, f.getCause());
    } catch (RuntimeException | Error e) {
      close();
      if (producer != null) throw e; // the consumer's own failure (e.g. interrupted), not the data's
      throw failure(index, e);
    }
  }

  private IllegalStateException failure(int index, Throwable cause) {
    return new IllegalStateException(name + ": preparing batch " + index + " failed: " + cause, cause);
  }

  /** Stops the background thread (if any); later calls of hasNext() return false. */
  @Override
  public void close() {
    closed = true;
    if (cleanable != null) cleanable.clean();
  }

  /** The background thread, or null without prefetch (for tests). */
  Thread thread() {
    return producer == null ? null : producer.thread;
  }

  /** Marks a batch whose preparation failed in the background thread. */
  private static final class BatchFailure extends RuntimeException {
    BatchFailure(Throwable cause) {
      super(cause);
    }
  }

  private sealed interface Item permits Ready, Failed {}

  private record Ready(Batch batch) implements Item {}

  private record Failed(Throwable error) implements Item {}

  /** The background side: owns the thread and the queue, and never refers to the iterator. */
  private static final class Producer implements Runnable {
    private final IntFunction<Batch> makeBatch;
    private final int count;
    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private volatile boolean cancelled;

    Producer(IntFunction<Batch> makeBatch, int count, int capacity, String name) {
      this.makeBatch = makeBatch;
      this.count = count;
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.thread = new Thread(this, name + "-prefetch");
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      for (int i = 0; i < count && !cancelled; i++) {
        Item item;
        try {
          item = new Ready(makeBatch.apply(i));
        } catch (Throwable t) {
          item = new Failed(t);
        }
        try {
          queue.put(item);
        } catch (InterruptedException e) {
          return; // cancelled while waiting for room
        }
        if (item instanceof Failed) return;
      }
    }

    Batch take(int index) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for batch " + index, e);
      }
      return switch (item) {
        case Ready r -> r.batch();
        case Failed f -> throw new BatchFailure(f.error());
      };
    }

    void cancel() {
      cancelled = true;
      thread.interrupt();
    }
  }
}
