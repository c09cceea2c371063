package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;
import dev.shinso.optim.ParamGroup;
import dev.shinso.optim.StateTensors;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every learning-rate schedule, as torch.optim.lr_scheduler._LRScheduler. A schedule
 * sets each group's lr as a function of the epoch (the number of {@link #step()} calls) and of the
 * group's base lr, the lr it had when the first schedule was attached (PyTorch's {@code initial_lr}).
 * Construction applies epoch 0. Call {@code step()} after {@code optimizer.step()}.
 *
 * <p>Every schedule here uses PyTorch's closed form, so its lr depends on the epoch alone: the same
 * values as PyTorch's step-by-step (chainable) form up to rounding, but an lr changed by hand between
 * steps is overwritten at the next step, not scaled. Subclass constructors end with
 * {@link #initialStep()}.
 */
public abstract class LRScheduler {
  private final Optimizer optimizer;
  private double[] baseLrs;
  private long lastEpoch = -1;
  private double[] lastLr;

  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      ParamGroup<?> g = groups.get(i);
      if (g.initialLr() == null) g.setInitialLr(g.lr());
      baseLrs[i] = g.initialLr();
    }
  }

  /** The lr of a group with this base lr at this epoch (≥ 0). */
  protected abstract double lrAt(int group, double baseLr, long epoch);

  /** Applies epoch 0; the last line of every subclass constructor. */
  protected final void initialStep() {
    stepTo(0);
  }

  /** Advances one epoch and sets every group's lr. */
  public void step() {
    stepTo(lastEpoch + 1);
  }

  private void stepTo(long epoch) {
    List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
    if (groups.size() != baseLrs.length) {
      throw new IllegalStateException(getClass().getSimpleName() + ": the optimiser has " + groups.size()
          + " parameter groups, but the schedule was made for " + baseLrs.length);
    }
    double[] lrs = new double[baseLrs.length];
    for (int i = 0; i < lrs.length; i++) lrs[i] = lrAt(i, baseLrs[i], epoch);
    for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
    lastEpoch = epoch;
    lastLr = lrs;
  }

  /** The lr of each group set by the last step (PyTorch's get_last_lr). */
  public double[] lastLr() {
    return lastLr.clone();
  }

  public long lastEpoch() {
    return lastEpoch;
  }

  public double[] baseLrs() {
    return baseLrs.clone();
  }

  double baseLr(int group) {
    return baseLrs[group];
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * {@code last_epoch} (0-d INT64), {@code base_lrs} and {@code _last_lr} (one double per group,
   * stored exactly; see {@link StateTensors}). A schedule's settings come from its constructor.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("last_epoch", StateTensors.ofLong(lastEpoch));
    out.put("base_lrs", StateTensors.ofDoubles(baseLrs));
    out.put("_last_lr", StateTensors.ofDoubles(lastLr));
    return out;
  }

  /** Restores a state from {@link #stateDict()}; one that does not fit changes nothing and names every problem. */
  public void loadStateDict(Map<String, Tensor> state) {
    List<String> problems = new ArrayList<>();
    int n = baseLrs.length;
    Tensor epoch = state.get("last_epoch"), base = state.get("base_lrs"), last = state.get("_last_lr");
    if (epoch == null) problems.add("missing last_epoch");
    else addIfNotNull(problems, StateTensors.checkLong("last_epoch", epoch));
    if (base == null) problems.add("missing base_lrs");
    else addIfNotNull(problems, StateTensors.checkDoubles("base_lrs", base, n));
    if (last == null) problems.add("missing _last_lr");
    else addIfNotNull(problems, StateTensors.checkDoubles("_last_lr", last, n));
    List<String> unexpected = new ArrayList<>(state.keySet());
    unexpected.removeAll(List.of("last_epoch", "base_lrs", "_last_lr"));
    if (!unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: the state does not fit this"
          + " schedule (" + n + " parameter groups): " + String.join("; ", problems));
    }
    lastEpoch = StateTensors.toLong(epoch);
    baseLrs = StateTensors.toDoubles(base);
    lastLr = StateTensors.toDoubles(last);
  }

  private static void addIfNotNull(List<String> problems, String problem) {
    if (problem != null) problems.add(problem);
  }
}
