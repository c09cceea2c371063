package dev.shinso.optim;

import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What every optimiser offers, as torch.optim.Optimizer: parameter groups, {@link #step()},
 * {@link #zeroGrad()} and a state dict. Parameters whose grad is null are skipped by step. Each
 * optimiser is a {@link TypedOptimizer} whose groups hold its options record; this type is what
 * trainers and schedules hold when any optimiser will do.
 *
 * <p>{@link #stateDict()} flattens the groups' options and the parameters' state into tensors under
 * PyTorch's keys ({@code state.<i>.<name>}, {@code param_groups.<g>.<option>}), so that a
 * checkpoint is one safetensors file; {@link OptimizerStateCodec} describes the format.
 */
public abstract sealed class Optimizer permits TypedOptimizer {
  Optimizer() {}

  /** One update of every parameter that has a gradient. */
  public abstract void step();

  public abstract List<? extends ParamGroup<?>> paramGroups();

  /** Adds a group (one not yet taken by any optimiser); its overrides must fit this optimiser's options. */
  public abstract void addParamGroup(ParamGroup<?> group);

  /** The state and the groups' options as tensors (the state's tensors are shared, not copied). */
  public abstract Map<String, Tensor> stateDict();

  /**
   * Restores a state written by {@link #stateDict()} of an optimiser of the same kind over parameters
   * of the same shapes in the same groups. Tensors are copied. A state that does not fit (missing,
   * unexpected or mis-shaped keys, groups of other sizes) changes nothing and is an error that lists
   * every problem.
   */
  public abstract void loadStateDict(Map<String, Tensor> stateDict);

  /** Forgets every parameter's gradient (PyTorch's zero_grad with set_to_none=True). */
  public void zeroGrad() {
    for (ParamGroup<?> g : paramGroups()) for (Tensor p : g.params()) p.setGrad(null);
  }
}
