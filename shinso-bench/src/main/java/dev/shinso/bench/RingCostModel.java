package dev.shinso.bench;

import java.util.Locale;

/**
 * Projects the weak-scaling efficiency of data-parallel training with a ring all-reduce, from
 * figures measured by {@link RingAllReduceBench}, for docs/distributed.md. Per step, with N workers,
 * G bytes of gradients in k buckets, per-hop latency α and link bandwidth B:
 *
 * <pre>
 *   T_comm = k · 2(N−1) · α + 2(N−1)/N · G / B
 *   no overlap:   E = T_c / (T_c + T_comm)
 *   overlap:      E = T_c / (T_c + max(T_last, T_comm − T_bwd))
 * </pre>
 *
 * T_c is one step's compute (forward, backward, update), T_bwd the backward share that can hide
 * communication, and T_last the all-reduce of the last bucket (the first layers' gradients, ready
 * only when backward ends), which nothing hides. B is the smaller of the network's line rate and
 * what the ring's software moves per rank (measured on loopback).
 *
 * <p>Usage: {@code RingCostModel --alpha-us A --sw-gbs S --step-ms T --backward-ms B --grad-bytes G
 * --buckets K --last-bucket-bytes L [--net-alpha-us 10]}; prints one markdown table.
 */
public final class RingCostModel {
  private RingCostModel() {}

  public static void main(String[] args) {
    double alphaUs = 0, swGbs = 0, stepMs = 0, bwdMs = 0, netAlphaUs = 10;
    long gradBytes = 0, lastBytes = 0;
    int buckets = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--alpha-us" -> alphaUs = Double.parseDouble(v);
        case "--net-alpha-us" -> netAlphaUs = Double.parseDouble(v);
        case "--sw-gbs" -> swGbs = Double.parseDouble(v);
        case "--step-ms" -> stepMs = Double.parseDouble(v);
        case "--backward-ms" -> bwdMs = Double.parseDouble(v);
        case "--grad-bytes" -> gradBytes = Long.parseLong(v);
        case "--buckets" -> buckets = Integer.parseInt(v);
        case "--last-bucket-bytes" -> lastBytes = Long.parseLong(v);
        default -> throw new IllegalArgumentException("RingCostModel: unknown option " + args[i]);
      }
    }
    double alpha = (alphaUs + netAlphaUs) * 1e-6, tc = stepMs * 1e-3, tb = bwdMs * 1e-3;
    int[] gbits = {10, 25, 100};
    int[] workers = {8, 16, 32, 64, 128, 256};
    StringBuilder head = new StringBuilder("| workers |");
    StringBuilder rule = new StringBuilder("| ---: |");
    for (int g : gbits) {
      head.append(String.format(Locale.ROOT, " %d Gb/s: comm ms | no overlap | overlap |", g));
      rule.append(" ---: | ---: | ---: |");
    }
    System.out.println(head);
    System.out.println(rule);
    for (int n : workers) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d |", n));
      for (int g : gbits) {
        double b = swGbs > 0 ? Math.min(g * 1e9 / 8, swGbs * 1e9) : g * 1e9 / 8; // 0: software is no limit
        double hops = 2.0 * (n - 1), share = hops / n;
        double comm = buckets * hops * alpha + share * gradBytes / b;
        double last = hops * alpha + share * lastBytes / b;
        double plain = tc / (tc + comm), overlap = tc / (tc + Math.max(last, comm - tb));
        row.append(String.format(Locale.ROOT, " %.1f | %.0f%% | %.0f%% |", comm * 1e3, 100 * plain, 100 * overlap));
      }
      System.out.println(row);
    }
  }
}
