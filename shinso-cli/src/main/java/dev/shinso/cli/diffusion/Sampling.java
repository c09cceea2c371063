package dev.shinso.cli.diffusion;

import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.UNet;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Generates many images in batches (memory stays bounded), with one progress bar over all steps. */
public final class Sampling {
  private Sampling() {}

  /** labels: null (unconditional) or one class per image; the result is [n, C, H, W] in [−1, 1]. */
  public static Tensor generate(String task, UNet model, Ddpm ddpm, int n, long[] labels, double guidance, int steps,
      double eta, int batch, Generator gen) {
    List<Tensor> parts = new ArrayList<>();
    int batches = (n + batch - 1) / batch;
    try (DiffusionProgress bar = new DiffusionProgress(task, batches * steps)) {
      for (int from = 0; from < n; from += batch) {
        int size = Math.min(batch, n - from);
        Tensor y = labels == null ? null : Tensor.ofLongs(model.device(), java.util.Arrays.copyOfRange(labels, from, from + size), size);
        parts.add(ddpm.sample(model, size, y, guidance, steps, eta, gen, (s, total, t, x) -> {
          if (s >= 0) bar.step();
        }));
      }
    }
    return parts.size() == 1 ? parts.get(0) : Tensor.cat(parts, 0);
  }

  /** Classes 0, 1, …, k−1, 0, 1, … for n images. */
  public static long[] cycle(int n, int classes) {
    long[] l = new long[n];
    for (int i = 0; i < n; i++) l[i] = i % classes;
    return l;
  }
}
