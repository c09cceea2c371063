package dev.shinso.distributed;

import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Parameter;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.GradientSync;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel gradient summing over a {@link ProcessGroup}, as PyTorch's DistributedDataParallel
 * does it: gradients are grouped into buckets of about {@code bucketCapBytes}, laid out in reverse
 * parameter order (backward finishes the last layers first), and a bucket's all-reduce starts on a
 * communication thread as soon as its last gradient is ready, while backward goes on.
 *
 * <p>Buckets are all-reduced strictly in bucket order on every rank, whatever order their gradients
 * arrive in, so the ranks' collectives always match. Every collective this class issues runs on its
 * one communication thread, in the order they were asked for. The group belongs to the caller:
 * {@link #close()} stops the thread, not the group.
 *
 * <p>Threads: {@link #gradientReady} copies the gradient on the calling (backward) thread; the
 * communication thread touches only this class's float arrays, never a tensor.
 */
public final class DistributedDataParallel implements GradientSync {
  /** PyTorch uses 25 MiB; a smaller bucket starts its all-reduce earlier in backward. */
  public static final long DEFAULT_BUCKET_CAP_BYTES = 4L << 20;

  private final ProcessGroup group;
  private final long bucketCapBytes;
  private final ExecutorService comm;
  private final List<Bucket> buckets = new ArrayList<>();
  private final Map<Parameter, int[]> slots = new IdentityHashMap<>(); // parameter -> {bucket, index}
  private int nextLaunch;
  private boolean attached;

  public DistributedDataParallel(ProcessGroup group) {
    this(group, DEFAULT_BUCKET_CAP_BYTES);
  }

  public DistributedDataParallel(ProcessGroup group, long bucketCapBytes) {
    if (bucketCapBytes < Float.BYTES) {
      throw new IllegalArgumentException("DistributedDataParallel: bucket cap " + bucketCapBytes + " bytes is below one float");
    }
    this.group = group;
    this.bucketCapBytes = bucketCapBytes;
    this.comm = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "shinso-ddp-rank-" + group.rank());
      t.setDaemon(true);
      return t;
    });
  }

  public ProcessGroup group() {
    return group;
  }

  /** Lays out the buckets and copies rank 0's parameter values to every rank. */
  @Override
  public void attach(List<Parameter> parameters) {
    if (attached) throw new IllegalStateException("DistributedDataParallel: attach was already called");
    attached = true;
    List<Parameter> current = new ArrayList<>();
    long bytes = 0;
    for (int i = parameters.size() - 1; i >= 0; i--) {
      Parameter p = parameters.get(i);
      if (p.dtype() != DType.FLOAT32) {
        throw new IllegalArgumentException("DistributedDataParallel: parameter " + i + " of shape " + p.shape()
            + " is " + p.dtype() + "; only FLOAT32 parameters are summed");
      }
      if (slots.containsKey(p)) throw new IllegalArgumentException("DistributedDataParallel: parameter " + i + " is listed twice");
      long b = (long) p.numel() * Float.BYTES;
      if (!current.isEmpty() && bytes + b > bucketCapBytes) {
        addBucket(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      slots.put(p, new int[] {buckets.size(), current.size()});
      current.add(p);
      bytes += b;
    }
    if (!current.isEmpty()) addBucket(current);
    // Rank 0's weights to everyone, a bucket at a time, through the same slices.
    for (Bucket bucket : buckets) {
      for (int i = 0; i < bucket.params.size(); i++) bucket.slices[i].copy_(bucket.params.get(i));
      run(() -> group.broadcast(bucket.data, 0, bucket.data.length, 0));
      try (NoGrad ignored = NoGrad.enter()) {
        for (int i = 0; i < bucket.params.size(); i++) bucket.params.get(i).copy_(bucket.slices[i]);
      }
    }
  }

  private void addBucket(List<Parameter> params) {
    buckets.add(new Bucket(buckets.size(), params));
  }

  /** The buckets' sizes in floats, in the order they are all-reduced (for tests and logs). */
  public List<Integer> bucketSizes() {
    return buckets.stream().map(b -> b.data.length).toList();
  }

  @Override
  public synchronized void gradientReady(Parameter p) {
    int[] slot = slots.get(p);
    if (slot == null) {
      throw new IllegalArgumentException("gradientReady: a parameter of shape " + p.shape() + " that attach was not given");
    }
    Bucket b = buckets.get(slot[0]);
    if (b.ready[slot[1]]) {
      throw new IllegalStateException("gradientReady: parameter of shape " + p.shape() + " reported twice in one step");
    }
    b.take(slot[1]);
    launchReady();
  }

  /** Starts every complete bucket whose predecessors have started, so all ranks go in bucket order. */
  private void launchReady() {
    while (nextLaunch < buckets.size() && buckets.get(nextLaunch).pending == 0) {
      Bucket b = buckets.get(nextLaunch++);
      b.done = comm.submit(() -> group.allReduceSum(b.data, 0, b.data.length));
    }
  }

  /**
   * Completes the step: buckets never completed take what their unreported parameters have (their
   * gradient if one was set without a report, else zeros), every bucket's all-reduce is awaited, and
   * the sums are written into the parameters' gradients (created where missing).
   */
  @Override
  public synchronized void finish() {
    if (!attached) throw new IllegalStateException("finish: attach was not called");
    try {
      for (int k = nextLaunch; k < buckets.size(); k++) {
        Bucket b = buckets.get(k);
        for (int i = 0; i < b.ready.length; i++) if (!b.ready[i]) b.take(i);
      }
      launchReady();
      for (Bucket b : buckets) await(b.done);
      try (NoGrad ignored = NoGrad.enter()) {
        for (Bucket b : buckets) {
          for (int i = 0; i < b.params.size(); i++) {
            Parameter p = b.params.get(i);
            if (p.grad() == null) p.setGrad(Tensor.zerosLike(p).detach());
            p.grad().copy_(b.slices[i]);
          }
        }
      }
    } finally {
      for (Bucket b : buckets) b.reset();
      nextLaunch = 0;
    }
  }

  /**
   * Copies rank 0's buffers (batch norm's running statistics, as PyTorch DDP's broadcast_buffers)
   * to every rank. Call it on every rank with the same buffers, between steps.
   */
  public void broadcastBuffers(Collection<? extends Tensor> buffers) {
    List<Tensor> floats = new ArrayList<>();
    int total = 0;
    for (Tensor t : buffers) {
      if (t.dtype() == DType.FLOAT32) {
        floats.add(t);
        total = Math.addExact(total, t.numel());
      } else if (t.dtype() == DType.INT64) {
        long[] v = t.toLongArray();
        for (int i = 0; i < v.length; i++) {
          int at = i;
          v[i] = call(() -> group.allGather(v[at]))[0];
        }
        try (NoGrad ignored = NoGrad.enter()) {
          t.copy_(Tensor.ofLongs(t.device(), v, t.shapeArray()));
        }
      } else {
        throw new IllegalArgumentException("broadcastBuffers: a " + t.dtype() + " buffer of shape " + t.shape()
            + "; only FLOAT32 and INT64 are sent");
      }
    }
    float[] flat = new float[total];
    Tensor all = Tensor.wrap(flat, total);
    int at = 0;
    for (Tensor t : floats) {
      all.narrow(0, at, t.numel()).copy_(t.reshape(t.numel()));
      at += t.numel();
    }
    run(() -> group.broadcast(flat, 0, flat.length, 0));
    at = 0;
    try (NoGrad ignored = NoGrad.enter()) {
      for (Tensor t : floats) {
        t.copy_(all.narrow(0, at, t.numel()).view(t.shapeArray()));
        at += t.numel();
      }
    }
  }

  /**
   * Throws, naming every rank whose tensors' bits differ from rank 0's, compared through a 64-bit
   * hash of the values and shapes. Call it on every rank with the same list, between steps.
   */
  public void checkReplicasEqual(List<? extends Tensor> tensors) {
    long hash = ReplicaHash.of(tensors);
    long[] all = call(() -> group.allGather(hash));
    List<Integer> differ = new ArrayList<>();
    for (int r = 1; r < all.length; r++) if (all[r] != all[0]) differ.add(r);
    if (!differ.isEmpty()) {
      throw new IllegalStateException("replicas diverged: rank" + (differ.size() > 1 ? "s " : " ") + differ
          + " of " + all.length + " hold" + (differ.size() > 1 ? "" : "s") + " parameters whose bits differ from rank 0's"
          + " (this is rank " + group.rank() + ")");
    }
  }

  private void run(Runnable r) {
    call(() -> {
      r.run();
      return null;
    });
  }

  private <T> T call(Callable<T> c) {
    return await(comm.submit(c));
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("DistributedDataParallel: interrupted while waiting for the all-reduce", e);
    }
  }

  /**
   * Stops the communication thread once what it was asked to do is done; it is not interrupted,
   * since an interrupt would close the group's channels under a collective.
   */
  @Override
  public void close() {
    comm.shutdown();
  }
}
