package dev.shinso.train;

import dev.shinso.nn.Parameter;
import java.util.List;

/**
 * Combines the gradients of data-parallel replicas, the communication half of a distributed training
 * step (the training step calls it). Every rank's loss is its shard's share of the global batch's
 * mean (its mean loss times shard size / global batch size), so summing the gradients over the ranks
 * gives the gradient of the global batch: an implementation sums, it never divides.
 */
public interface GradientSync extends AutoCloseable {
  /**
   * Called once, before the first step, with the parameters being trained in the order the optimiser
   * holds them; every rank passes the same list. May broadcast rank 0's weights so the replicas start
   * equal.
   */
  void attach(List<Parameter> parameters);

  /**
   * Called from the backward pass as soon as p's gradient is final for this step (in the order
   * backward finishes them), so communication can start while backward still runs.
   */
  void gradientReady(Parameter p);

  /**
   * Returns when every parameter's gradient holds the sum over all ranks. A parameter that got no
   * gradient on this rank counts as zeros, and after the call has the summed gradient like every other.
   */
  void finish();

  @Override
  void close();
}
