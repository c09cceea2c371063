package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shinso.nn.Parameter;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.ParamGroup;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The lr sequences of generate_optim_reference.py: two groups (lr 0.1 and 0.05), 30 steps. */
final class ScheduleReference {
  /** Closed and chainable forms agree to double rounding; far tighter than the 1e-5 the optimisers need. */
  static final double RELATIVE = 1e-9;
  private static final JsonNode ROOT = read();

  private ScheduleReference() {}

  private static JsonNode read() {
    try (InputStream in = ScheduleReference.class.getResourceAsStream("/reference/optim_lr_schedules.json")) {
      assertThat(in).isNotNull();
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An SGD optimiser with the reference's groups. */
  static Optimizer optimizer() {
    List<ParamGroup<?>> groups = new ArrayList<>();
    for (JsonNode lr : ROOT.get("group_lrs")) {
      groups.add(ParamGroup.of(List.of(new Parameter(Tensor.zeros(1)))).lr(lr.asDouble()));
    }
    return new SGD(groups, 1.0);
  }

  static double[] lrs(Optimizer optimizer) {
    return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
  }

  /** Builds the schedule on a fresh optimiser and checks every group's lr after construction and each step. */
  static void assertMatches(String caseName, Function<Optimizer, LRScheduler> make) {
    JsonNode rows = null;
    for (JsonNode c : ROOT.get("cases")) if (c.get("name").asText().equals(caseName)) rows = c.get("lrs");
    assertThat(rows).as("reference case " + caseName).isNotNull();
    Optimizer optimizer = optimizer();
    LRScheduler schedule = make.apply(optimizer);
    for (int step = 0; step < rows.size(); step++) {
      if (step > 0) schedule.step();
      double[] actual = lrs(optimizer);
      assertThat(schedule.lastLr()).as("%s lastLr at step %d", caseName, step).isEqualTo(actual);
      for (int g = 0; g < actual.length; g++) {
        double expected = rows.get(step).get(g).asDouble();
        if (!(Math.abs(actual[g] - expected) <= RELATIVE * Math.abs(expected) + 1e-15)) {
          throw new AssertionError(caseName + " step " + step + " group " + g + ": lr " + actual[g] + ", PyTorch " + expected);
        }
      }
    }
  }
}
