package dev.shinso.train;

import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Block;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's weights, θ̄ ← d·θ̄ + (1 − d)·θ after every step, with
 * the decay warmed up as min(d, (1 + k)/(10 + k)) so early averages do not remember the random
 * initialisation. Diffusion models sample from the average: it smooths the noise of small batches.
 */
public final class Ema {
  private final Map<String, Tensor> shadow = new LinkedHashMap<>();
  private final double decay;
  private long updates;

  public Ema(Block model, double decay) {
    if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("Ema: decay must be in [0, 1), got " + decay);
    this.decay = decay;
    model.stateDict().forEach((k, v) -> shadow.put(k, v.detach().contiguousCopy()));
  }

  public void update(Block model) {
    double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
    updates++;
    try (var g = NoGrad.enter()) {
      model.stateDict().forEach((k, v) -> {
        Tensor s = shadow.get(k);
        s.mul_((float) d).add_(v.detach(), (float) (1 - d));
      });
    }
  }

  /** How many updates the average has seen (its decay warms up over the first ones). */
  public long updates() {
    return updates;
  }

  /** Continues a saved average: its weights (keyed as the model's state dict) after that many updates. */
  public void restore(Map<String, Tensor> weights, long updates) {
    if (!weights.keySet().equals(shadow.keySet())) {
      throw new IllegalArgumentException("Ema.restore: the saved average has keys " + weights.keySet()
          + ", the model " + shadow.keySet());
    }
    try (var g = NoGrad.enter()) {
      weights.forEach((k, v) -> shadow.get(k).copy_(v));
    }
    this.updates = updates;
  }

  /** The averaged weights, keyed as the model's state dict. */
  public Map<String, Tensor> stateDict() {
    return shadow;
  }
}
