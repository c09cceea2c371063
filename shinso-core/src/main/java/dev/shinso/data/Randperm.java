package dev.shinso.data;

import dev.shinso.tensor.Generator;

/** A random permutation of 0..n-1 (torch.randperm), by Fisher–Yates from one generator. */
final class Randperm {
  private Randperm() {}

  static int[] of(int n, Generator generator) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) generator.nextLong(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }
}
