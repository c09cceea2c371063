package dev.shinso.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The shared intra-op thread pool: one set of daemon workers that every CPU kernel splits its loop
 * over. Size is {@code SHINSO_NUM_THREADS} when set, else the number of available processors.
 *
 * <p>Hand-off is spin-then-park: a job is published by bumping a volatile reference; idle workers
 * spin on it for about {@value #SPIN_NANOS} ns (with {@link Thread#onSpinWait()}) before parking,
 * so back-to-back kernels (a training step) wake workers in well under a microsecond while an idle
 * pool costs no CPU. Chunks are claimed dynamically (a late worker's chunk is taken by whoever is
 * free), but chunk <em>boundaries</em> depend only on {@code (n, minChunk, numThreads())}, so a
 * kernel whose result depends on its chunking still repeats bit for bit.
 */
public final class IntraOpPool {
  /** How long an idle worker (or a waiting caller) spins before parking. */
  static final long SPIN_NANOS = 50_000;
  /** Threads per core beyond which a request is capped. */
  static final int MAX_PER_CORE = 16;
  private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static volatile int threads = initialThreads();
  /** Held by the thread that currently drives the pool; other callers run their chunks inline. */
  private static final ReentrantLock DRIVER = new ReentrantLock();
  /** The latest published job; workers compare it with the one they last ran. */
  private static volatile Job current;
  private static Worker[] workers = new Worker[0]; // guarded by DRIVER
  private static long jobCount; // guarded by DRIVER

  private IntraOpPool() {}

  public static int numThreads() {
    return threads;
  }

  /** Sets the number of threads kernels use from now on, at most {@value #MAX_PER_CORE} per core. */
  public static void setNumThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("setNumThreads: the number of threads must be >= 1, got " + n);
    }
    threads = capped(n, CORES, System.err::println);
  }

  /**
   * Splits [0, n) into contiguous chunks of at least minChunk (at most numThreads chunks), runs them
   * in parallel (the caller runs one chunk itself), and returns when all are done. Runs inline when
   * {@code n < 2 * minChunk} or one thread. Exceptions in a chunk are rethrown to the caller. Nested calls
   * (from inside a task) and calls made while another thread drives the pool run their chunks
   * inline, with the same boundaries.
   */
  public static void parallelFor(int n, int minChunk, RangeTask task) {
    if (n <= 0) {
      return;
    }
    int chunks = chunkCount(n, minChunk, threads);
    if (chunks == 1) {
      task.run(0, n);
      return;
    }
    if (Thread.currentThread() instanceof Worker || DRIVER.isHeldByCurrentThread()
        || !DRIVER.tryLock()) {
      for (int c = 0; c < chunks; c++) {
        task.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1));
      }
      return;
    }
    try {
      ensureWorkers(chunks - 1);
      Job job = new Job(++jobCount, task, n, chunks);
      current = job;
      for (int w = 0; w < chunks - 1; w++) {
        workers[w].wake();
      }
      job.work();
      job.awaitDone();
      current = null; // let the task (and the arrays it captured) be collected
      job.rethrow();
    } finally {
      DRIVER.unlock();
    }
  }

  /** Number of chunks parallelFor uses: a function of its arguments and the thread count only. */
  static int chunkCount(int n, int minChunk, int numThreads) {
    int min = Math.max(1, minChunk);
    if (numThreads <= 1 || n < 2L * min) {
      return 1;
    }
    return Math.min(numThreads, n / min);
  }

  static int chunkStart(int n, int chunks, int c) {
    return (int) ((long) n * c / chunks);
  }

  private static void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, count);
    for (int i = workers.length; i < count; i++) {
      grown[i] = new Worker(i);
      grown[i].start();
    }
    workers = grown;
  }

  private static int initialThreads() {
    return threadsFrom(System.getenv("SHINSO_NUM_THREADS"), CORES, System.err::println);
  }

  /**
   * The pool's size from SHINSO_NUM_THREADS: the cores when unset; a value that is not a positive
   * integer is ignored with a warning, as OpenMP treats OMP_NUM_THREADS, since failing here would
   * fail every tensor operation with an error in a class initialiser.
   */
  static int threadsFrom(String env, int cores, Consumer<String> warn) {
    if (env == null || env.isBlank()) return cores;
    int n;
    try {
      n = Integer.parseInt(env.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      warn.accept("shinso: SHINSO_NUM_THREADS='" + env + "' is not a positive integer; using " + cores + " threads");
      return cores;
    }
    return capped(n, cores, warn);
  }

  /** More than MAX_PER_CORE threads per core only costs memory and switching: larger requests are capped, with a warning. */
  static int capped(int n, int cores, Consumer<String> warn) {
    long max = (long) MAX_PER_CORE * cores;
    if (n <= max) return n;
    warn.accept("shinso: " + n + " threads requested; using " + max + " (" + MAX_PER_CORE + " per core, " + cores
        + " cores)");
    return (int) max;
  }

  /** One parallelFor call: chunks are claimed from {@code next}; {@code done} counts finished ones. */
  private static final class Job {
    final long id;
    final RangeTask task;
    final int n;
    final int chunks;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile Thread waiter;

    Job(long id, RangeTask task, int n, int chunks) {
      this.id = id;
      this.task = task;
      this.n = n;
      this.chunks = chunks;
    }

    /** Claims and runs chunks until none are left. */
    void work() {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          if (error.get() == null) {
            task.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1));
          }
        } catch (Throwable t) {
          if (!error.compareAndSet(null, t)) {
            error.get().addSuppressed(t);
          }
        } finally {
          if (done.incrementAndGet() == chunks) {
            Thread w = waiter;
            if (w != null) {
              LockSupport.unpark(w);
            }
          }
        }
      }
    }

    void awaitDone() {
      long deadline = System.nanoTime() + SPIN_NANOS;
      while (done.get() < chunks) {
        if (System.nanoTime() < deadline) {
          Thread.onSpinWait();
        } else {
          waiter = Thread.currentThread();
          while (done.get() < chunks) {
            LockSupport.park(this);
          }
          return;
        }
      }
    }

    void rethrow() {
      Throwable t = error.get();
      if (t == null) {
        return;
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new RuntimeException("IntraOpPool.parallelFor: a chunk failed", t);
    }
  }

  private static final class Worker extends Thread {
    private volatile boolean parked;
    private long seen;

    Worker(int index) {
      super("shinso-intraop-" + (index + 1));
      setDaemon(true);
    }

    void wake() {
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        Job job = awaitJob();
        seen = job.id;
        job.work();
      }
    }

    private Job awaitJob() {
      long deadline = System.nanoTime() + SPIN_NANOS;
      int spins = 0;
      while (true) {
        Job job = current;
        if (job != null && job.id != seen) {
          return job;
        }
        if (++spins < 64 || System.nanoTime() < deadline) {
          Thread.onSpinWait();
          continue;
        }
        parked = true;
        Job again = current;
        if (again == null || again.id == seen) {
          // A worker serves every caller, so an interrupt aimed at one (JShell's stop interrupts the
          // threads its cell started, these included) is dropped: left set, park would return at once
          // and the idle worker would spin forever.
          Thread.interrupted();
          LockSupport.park(this);
        }
        parked = false;
        deadline = System.nanoTime() + SPIN_NANOS;
        spins = 0;
      }
    }
  }

  @FunctionalInterface
  public interface RangeTask {
    void run(int start, int end);
  }
}
