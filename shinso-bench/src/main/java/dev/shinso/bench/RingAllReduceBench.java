package dev.shinso.bench;

import dev.shinso.Shinso;
import dev.shinso.distributed.DistributedDataParallel;
import dev.shinso.distributed.ProcessGroup;
import dev.shinso.distributed.TcpRing;
import dev.shinso.models.Models;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ring all-reduce between separate JVMs on loopback, for docs/distributed.md. The launcher
 * starts {@code --workers} child JVMs (one rank each: they bind ephemeral ports, the launcher swaps
 * the addresses, as Spark's allGather would), which measure and print; then, alone on the machine, the
 * launcher times a plain memory copy of the same sizes and one CNN training step. Lines:
 *
 * <pre>
 * allreduce workers=2 mb=64 busbw_gbs median=… min=… max=… reps=…   (2(N−1)/N · bytes / time)
 * latency workers=2 allreduce_us median=… min=… max=… alpha_us=…    (1 float; α = time / (2(N−1)) hops)
 * ddp_cnn workers=2 shard=32 step_ms sync=… local=…                  (1 intra-op thread per worker)
 * memcpy mb=64 gbs median=… min=… max=…                               (System.arraycopy, bytes / time)
 * tcp_stream mb=64 gbs median=… min=… max=…                           (one loopback connection, one way)
 * cnn_step batch=64 threads=1 ms median=… forward_ms … backward_ms … params=…
 * </pre>
 *
 * Usage: {@code RingAllReduceBench [--workers 2] [--reps 9]}; run as in shinso-bench/README.md.
 */
public final class RingAllReduceBench {
  private static final int[] MEGABYTES = {4, 16, 64};

  private RingAllReduceBench() {}

  public static void main(String[] args) throws Exception {
    int workers = 2, reps = 9, rank = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--rank" -> rank = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("RingAllReduceBench: unknown option " + args[i]);
      }
    }
    if (rank >= 0) worker(rank, reps);
    else launch(workers, reps);
  }

  private static void launch(int workers, int reps) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> children = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-Xmx2g", "-XX:+UseParallelGC",
          "-cp", System.getProperty("java.class.path"), RingAllReduceBench.class.getName(), "--rank", "" + r,
          "--reps", "" + reps).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      children.add(p);
      String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
      if (line == null || !line.startsWith("PORT ")) throw new IllegalStateException("worker " + r + " said " + line);
      ports.add(line.substring(5));
    }
    for (Process p : children) {
      PrintWriter w = new PrintWriter(p.getOutputStream(), true);
      w.println(String.join(",", ports));
    }
    for (Process p : children) {
      p.getInputStream().transferTo(System.out);
      if (p.waitFor() != 0) throw new IllegalStateException("a worker failed: exit " + p.exitValue());
    }
    for (int mb : MEGABYTES) memcpy(mb, Math.max(reps, 15));
    tcpStream(64, reps);
    cnnStep(64);
  }

  private static void worker(int rank, int reps) throws Exception {
    Shinso.setNumThreads(1);
    ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    // The launcher reads one line: the port; it answers with every port in rank order.
    System.out.println("PORT " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
    System.out.flush();
    String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
    List<InetSocketAddress> peers = new ArrayList<>();
    for (String port : line.split(",")) peers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
    try (ProcessGroup g = TcpRing.connect(rank, peers, listener, Duration.ofSeconds(60))) {
      int n = g.size();
      float[] warm = new float[16 << 18];
      for (int i = 0; i < 20; i++) g.allReduceSum(warm, 0, warm.length); // so the JIT has compiled the loops
      latency(g, reps);
      for (int mb : MEGABYTES) {
        float[] x = new float[mb << 18];
        Arrays.fill(x, 1f / n);
        double[] gbs = new double[reps];
        for (int i = -3; i < reps; i++) {
          g.barrier();
          long t0 = System.nanoTime();
          g.allReduceSum(x, 0, x.length);
          long t = System.nanoTime() - t0;
          if (i >= 0) gbs[i] = 2.0 * (n - 1) / n * x.length * Float.BYTES / t;
        }
        if (rank == 0) System.out.printf(Locale.ROOT, "allreduce workers=%d mb=%d busbw_gbs %s reps=%d%n", n, mb, stats(gbs), reps);
      }
      ddpCnn(g, 64 / n);
    }
  }

  private static void latency(ProcessGroup g, int reps) {
    float[] x = new float[1];
    int calls = 1000;
    double[] us = new double[reps];
    for (int i = -2; i < reps; i++) {
      g.barrier();
      long t0 = System.nanoTime();
      for (int c = 0; c < calls; c++) g.allReduceSum(x, 0, 1);
      if (i >= 0) us[i] = (System.nanoTime() - t0) / 1e3 / calls;
    }
    Arrays.sort(us);
    int hops = 2 * (g.size() - 1);
    if (g.rank() == 0) {
      System.out.printf(Locale.ROOT, "latency workers=%d allreduce_us %s alpha_us=%.1f%n", g.size(), stats(us), us[reps / 2] / hops);
    }
  }

  /** CNN steps on this rank's shard: with the gradient all-reduce, and without (the local compute alone). */
  private static void ddpCnn(ProcessGroup g, int shard) {
    Shinso.manualSeed(1 + g.rank());
    Tensor x = Tensor.randn(shard, 1, 28, 28), y = Tensor.randint(0, 10, shard);
    Module net = Models.cnn();
    List<Parameter> params = net.parameters();
    SGD opt = new SGD(params, 0.01);
    int steps = 20;
    double[] local = new double[steps], sync = new double[steps];
    try (DistributedDataParallel ddp = new DistributedDataParallel(g)) {
      ddp.attach(params);
      for (int i = -10; i < steps; i++) {
        g.barrier();
        long t0 = System.nanoTime();
        opt.zeroGrad();
        Functional.crossEntropy(net.forward(x), y).mul((float) shard / (shard * g.size())).backward();
        for (int k = params.size() - 1; k >= 0; k--) ddp.gradientReady(params.get(k));
        ddp.finish();
        opt.step();
        if (i >= 0) sync[i] = (System.nanoTime() - t0) / 1e6;
      }
      ddp.checkReplicasEqual(params); // the synchronised steps kept the replicas identical
      for (int i = -3; i < steps; i++) {
        g.barrier();
        long t0 = System.nanoTime();
        opt.zeroGrad();
        Functional.crossEntropy(net.forward(x), y).backward();
        opt.step();
        if (i >= 0) local[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    if (g.rank() == 0) {
      System.out.printf(Locale.ROOT, "ddp_cnn workers=%d shard=%d threads=1 step_ms sync %s local %s%n", g.size(), shard,
          stats(sync), stats(local));
    }
  }

  private static void memcpy(int mb, int reps) {
    float[] a = new float[mb << 18], b = new float[a.length];
    Arrays.fill(a, 1f);
    double[] gbs = new double[reps];
    for (int i = -3; i < reps; i++) {
      long t0 = System.nanoTime();
      System.arraycopy(a, 0, b, 0, a.length);
      long t = System.nanoTime() - t0;
      if (i >= 0) gbs[i] = (double) a.length * Float.BYTES / t;
    }
    System.out.printf(Locale.ROOT, "memcpy mb=%d gbs %s reps=%d%n", mb, stats(gbs), reps);
  }

  /** What one loopback TCP connection carries one way, blocking, 1 MiB writes: the ring's ceiling here. */
  private static void tcpStream(int mb, int reps) throws IOException, InterruptedException {
    long bytes = (long) mb << 20;
    try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Thread sender = Thread.ofPlatform().start(() -> {
        try (SocketChannel c = SocketChannel.open(l.getLocalAddress())) {
          ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
          for (int r = 0; r < reps + 3; r++) {
            for (long left = bytes; left > 0; ) {
              b.clear().limit((int) Math.min(b.capacity(), left));
              left -= c.write(b);
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (SocketChannel c = l.accept()) {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        double[] gbs = new double[reps];
        for (int r = -3; r < reps; r++) {
          long t0 = System.nanoTime();
          for (long left = bytes; left > 0; ) {
            b.clear().limit((int) Math.min(b.capacity(), left));
            left -= c.read(b);
          }
          if (r >= 0) gbs[r] = (double) bytes / (System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "tcp_stream mb=%d gbs %s reps=%d%n", mb, stats(gbs), reps);
      }
      sender.join();
    }
  }

  private static void cnnStep(int batch) {
    Shinso.setNumThreads(1);
    Shinso.manualSeed(1);
    Tensor x = Tensor.randn(batch, 1, 28, 28), y = Tensor.randint(0, 10, batch);
    Module net = Models.cnn();
    SGD opt = new SGD(net.parameters(), 0.01);
    int steps = 30;
    double[] ms = new double[steps], fwd = new double[steps], bwd = new double[steps];
    for (int i = -10; i < steps; i++) {
      long t0 = System.nanoTime();
      opt.zeroGrad();
      Tensor loss = Functional.crossEntropy(net.forward(x), y);
      loss.item(); // forward done
      long t1 = System.nanoTime();
      loss.backward();
      long t2 = System.nanoTime();
      opt.step();
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
      }
    }
    System.out.printf(Locale.ROOT, "cnn_step batch=%d threads=1 ms %s forward_ms %s backward_ms %s params=%d%n", batch,
        stats(ms), stats(fwd), stats(bwd), net.parameterCount());
  }

  private static String stats(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "median=%.3f min=%.3f max=%.3f", s[s.length / 2], s[0], s[s.length - 1]);
  }
}
