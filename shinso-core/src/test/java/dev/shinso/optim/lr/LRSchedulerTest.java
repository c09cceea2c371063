package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.ParamGroup;
import dev.shinso.optim.SGD;
import dev.shinso.optim.StateTensors;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LRSchedulerTest {
  /** A parameter pulled towards 3 by f(θ) = Σ (θ − 3)². */
  private static void trainStep(Optimizer optimizer, LRScheduler schedule, Parameter theta) {
    optimizer.zeroGrad();
    Tensor d = theta.sub(3f);
    d.mul(d).sum().backward();
    optimizer.step();
    schedule.step();
  }

  private record Run(Parameter theta, SGD sgd, LRScheduler schedule) {
    static Run fresh(Parameter theta) {
      SGD sgd = new SGD(List.of(theta), 0.05).momentum(0.9);
      var warmup = new LinearLR(sgd, 0.2, 1.0, 3);
      var cycle = new OneCycleLR(sgd, 0.1, 8);
      return new Run(theta, sgd, new SequentialLR(sgd, List.of(warmup, cycle), 3));
    }
  }

  private static Map<String, Tensor> copy(Map<String, Tensor> state) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, v.contiguousCopy()));
    return out;
  }

  /** Optimiser and schedule saved after 4 steps and loaded into fresh ones resume bit for bit. */
  @Test
  void optimiserAndScheduleResumeBitForBit() {
    Run straight = Run.fresh(new Parameter(Tensor.of(new float[] {0.5f, -1f, 2f})));
    for (int i = 0; i < 10; i++) trainStep(straight.sgd, straight.schedule, straight.theta);

    Parameter theta = new Parameter(Tensor.of(new float[] {0.5f, -1f, 2f}));
    Run first = Run.fresh(theta);
    for (int i = 0; i < 4; i++) trainStep(first.sgd, first.schedule, theta);
    Map<String, Tensor> optimiserState = copy(first.sgd.stateDict()), scheduleState = copy(first.schedule.stateDict());

    Run second = Run.fresh(theta);
    second.sgd.loadStateDict(optimiserState);
    second.schedule.loadStateDict(scheduleState);
    assertThat(second.schedule.lastEpoch()).isEqualTo(4);
    assertThat(second.schedule.lastLr()).isEqualTo(first.schedule.lastLr());
    for (int i = 0; i < 6; i++) trainStep(second.sgd, second.schedule, theta);

    assertThat(theta.toFloatArray()).isEqualTo(straight.theta.toFloatArray());
    assertThat(second.schedule.lastLr()).isEqualTo(straight.schedule.lastLr());
  }

  @Test
  void stateDictHoldsTheEpochAndTheLrsExactly() {
    Optimizer o = ScheduleReference.optimizer();
    CosineAnnealingLR cosine = new CosineAnnealingLR(o, 7);
    cosine.step();
    Map<String, Tensor> state = cosine.stateDict();
    assertThat(state.keySet()).containsExactly("last_epoch", "base_lrs", "_last_lr");
    assertThat(state.get("last_epoch").itemLong()).isEqualTo(1);
    assertThat(StateTensors.toDoubles(state.get("base_lrs"))).containsExactly(0.1, 0.05);
    assertThat(StateTensors.toDoubles(state.get("_last_lr"))).containsExactly(cosine.lastLr());
  }

  @Test
  void loadingAStateThatDoesNotFitNamesEveryProblem() {
    StepLR step = new StepLR(ScheduleReference.optimizer(), 2);
    Map<String, Tensor> bad = new LinkedHashMap<>(step.stateDict());
    bad.remove("last_epoch");
    bad.put("base_lrs", StateTensors.ofDoubles(new double[] {0.1}));
    bad.put("gamma", StateTensors.ofDouble(0.5));
    assertThatThrownBy(() -> step.loadStateDict(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("StepLR.loadStateDict: the state does not fit this schedule (2 parameter groups): missing last_epoch;"
            + " base_lrs must have shape [2], got [1]; unexpected keys [gamma]");
    assertThat(step.lastEpoch()).isZero();
  }

  @Test
  void aGroupAddedAfterTheScheduleIsAnError() {
    Optimizer o = ScheduleReference.optimizer();
    StepLR step = new StepLR(o, 2);
    o.addParamGroup(ParamGroup.of(List.of(new Parameter(Tensor.zeros(1)))));
    assertThatThrownBy(step::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("StepLR: the optimiser has 3 parameter groups, but the schedule was made for 2");
  }
}
