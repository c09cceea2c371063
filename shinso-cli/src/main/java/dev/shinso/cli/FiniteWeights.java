package dev.shinso.cli;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses weights with NaN or infinite values: a run that diverged may have saved them, and a
 * model made of them prints NaN probabilities or empty text as if they were results.
 */
public final class FiniteWeights {
  private FiniteWeights() {}

  public static void require(Map<String, Tensor> state, Path checkpoint) {
    try (NoGrad g = NoGrad.enter()) {
      for (var e : state.entrySet()) {
        Tensor t = e.getValue();
        // x·0 is 0 for every finite x and NaN for NaN or ±∞: one number per tensor to read back.
        if (t.dtype() == DType.FLOAT32 && t.numel() > 0 && Float.isNaN(t.mul(0f).sum().item())) {
          throw new IllegalStateException("checkpoint " + checkpoint + ": weight '" + e.getKey() + "' holds NaN or "
              + "infinite values (the run that saved it diverged); refusing to use it");
        }
      }
    }
  }
}
