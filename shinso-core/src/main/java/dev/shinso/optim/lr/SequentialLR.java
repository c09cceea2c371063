package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;
import dev.shinso.optim.ParamGroup;
import java.util.List;

/**
 * Schedules one after another, as torch.optim.lr_scheduler.SequentialLR: schedulers.get(k) runs
 * from milestones[k−1] on, restarted at its own epoch 0 there. The usual warm-up then cosine:
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(opt, 95);
 * var schedule = new SequentialLR(opt, List.of(warmup, cosine), 5);
 * }</pre>
 *
 * Step only this schedule, not the ones it holds; its lr at each epoch is theirs in closed form.
 */
public final class SequentialLR extends LRScheduler {
  private final List<LRScheduler> schedulers;
  private final int[] milestones;

  public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int... milestones) {
    if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR: needs at least one schedule");
    if (milestones.length != schedulers.size() - 1) {
      throw new IllegalArgumentException("SequentialLR: " + schedulers.size() + " schedules need "
          + (schedulers.size() - 1) + " milestones, got " + milestones.length);
    }
    for (int i = 0; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != optimizer) {
        throw new IllegalArgumentException("SequentialLR: schedule " + i + " belongs to another optimiser");
      }
    }
    for (int i = 0; i < milestones.length; i++) {
      if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
        throw new IllegalArgumentException("SequentialLR: milestones must be positive and increasing, got "
            + java.util.Arrays.toString(milestones));
      }
    }
    // The schedules held have each applied their own epoch 0; start again from the groups' initial lr.
    for (ParamGroup<?> g : optimizer.paramGroups()) g.setLr(g.initialLr());
    super(optimizer);
    this.schedulers = List.copyOf(schedulers);
    this.milestones = milestones.clone();
    initialStep();
  }

  @Override
  protected double lrAt(int group, double baseLr, long epoch) {
    int k = 0;
    while (k < milestones.length && milestones[k] <= epoch) k++;
    LRScheduler s = schedulers.get(k);
    return s.lrAt(group, s.baseLr(group), k == 0 ? epoch : epoch - milestones[k - 1]);
  }
}
