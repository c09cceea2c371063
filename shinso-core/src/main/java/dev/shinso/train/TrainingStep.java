package dev.shinso.train;

import dev.shinso.autograd.HookHandle;
import dev.shinso.nn.Block;
import dev.shinso.nn.Parameter;
import dev.shinso.optim.GradClip;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.lr.LRScheduler;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimisation step every training loop shares: backward, gradient synchronisation across
 * data-parallel replicas, gradient clipping, the optimiser's update, the schedule and an exponential
 * moving average of the weights. A loop computes the forward pass and its loss (it needs the outputs
 * for its own metrics) and hands the loss here, so distributed training, gradient accumulation and
 * anything else that changes a step goes in one place.
 *
 * <p>Gradient accumulation: {@link #accumulate} the loss of each micro-batch but the last, then
 * {@link #step} with the last; gradients add up in between, and replicas communicate only once, on
 * the last backward (as PyTorch's {@code no_sync}).
 */
public final class TrainingStep implements AutoCloseable {
  private final List<Parameter> parameters;
  private final Optimizer optimizer;
  private LRScheduler scheduler;
  private double clipNorm = Double.POSITIVE_INFINITY;
  private Ema ema;
  private Block averaged;
  private GradientSync sync;
  private final List<HookHandle> hooks = new ArrayList<>();
  private boolean communicate;  // whether this backward's finished gradients go to the sync
  private boolean fresh = true; // no gradient of this step yet: the next backward starts from zero
  private long steps;

  /** parameters: those the optimiser updates, in its order (each rank of a distributed run lists the same). */
  public TrainingStep(List<Parameter> parameters, Optimizer optimizer) {
    this.parameters = List.copyOf(parameters);
    this.optimizer = optimizer;
  }

  /** A schedule stepped after every optimiser step; null for a constant learning rate. */
  public TrainingStep scheduler(LRScheduler scheduler) {
    this.scheduler = scheduler;
    return this;
  }

  /** Clips the total gradient 2-norm to maxNorm before every update ({@link GradClip#clipGradNorm}). */
  public TrainingStep clipGradNorm(double maxNorm) {
    if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
    clipNorm = maxNorm;
    return this;
  }

  /** Updates ema with model's weights after every optimiser step. */
  public TrainingStep ema(Ema ema, Block model) {
    this.ema = ema;
    this.averaged = model;
    return this;
  }

  /**
   * Sums gradients across data-parallel replicas before clipping: attaches sync to the parameters and
   * hands it each gradient the moment backward finishes it, so communication overlaps the rest of
   * backward. Each replica must then scale its loss by its share of the global batch (see {@link
   * GradientSync}); {@link #step(Tensor, double)} takes that share.
   */
  public TrainingStep gradientSync(GradientSync sync) {
    if (this.sync != null) throw new IllegalStateException("TrainingStep: a gradient sync is already attached");
    this.sync = sync;
    sync.attach(parameters);
    for (Parameter p : parameters) {
      hooks.add(p.registerPostAccumulateGradHook(t -> {
        if (communicate) sync.gradientReady(p);
      }));
    }
    return this;
  }

  /** The optimiser steps taken. */
  public long steps() {
    return steps;
  }

  /** {@link #step(Tensor, double)} with weight 1: one batch is one step. */
  public Tensor step(Tensor loss) {
    return step(loss, 1);
  }

  /**
   * Backpropagates weight·loss (the last micro-batch of the step), then synchronises, clips and
   * updates. Returns the loss, detached.
   */
  public Tensor step(Tensor loss, double weight) {
    backward(loss, weight, true);
    if (sync != null) sync.finish();
    if (clipNorm < Double.POSITIVE_INFINITY) GradClip.clipGradNorm(parameters, clipNorm);
    optimizer.step();
    if (scheduler != null) scheduler.step();
    if (ema != null) ema.update(averaged);
    fresh = true;
    steps++;
    return loss.detach();
  }

  /** Backpropagates weight·loss of a micro-batch and keeps its gradients for the step that ends with {@link #step}. */
  public void accumulate(Tensor loss, double weight) {
    backward(loss, weight, false);
  }

  private void backward(Tensor loss, double weight, boolean last) {
    if (loss.numel() != 1) {
      throw new IllegalArgumentException("TrainingStep: the loss must be a scalar, got shape " + loss.shapeString());
    }
    if (fresh) optimizer.zeroGrad();
    fresh = false;
    Tensor scaled = weight == 1 ? loss : loss.mul((float) weight);
    communicate = last && sync != null;
    try {
      scaled.backward();
    } finally {
      communicate = false;
    }
  }

  /** Removes the gradient hooks; the sync stays open, its owner closes it. */
  @Override
  public void close() {
    hooks.forEach(HookHandle::remove);
    hooks.clear();
  }
}
