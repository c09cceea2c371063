package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerOptionsTest {
  private final List<Parameter> ps = List.of(new Parameter(Tensor.zeros(2)));

  @Test
  void recordsCheckTheirValues() {
    assertThatThrownBy(() -> new SGD.Options(0.1, -0.5, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid momentum -0.5 (must be >= 0)");
    assertThatThrownBy(() -> new SGD.Options(0.1, 0, Double.NaN, 0, false)).hasMessage("invalid dampening NaN (must be >= 0)");
    assertThatThrownBy(() -> new SGD.Options(0.1, 0, 0, -1, false)).hasMessage("invalid weight_decay -1.0 (must be >= 0)");
    assertThatThrownBy(() -> new Adam.Options(1e-3, 0.9, 1.0, 1e-8, 0, false))
        .hasMessage("invalid beta 1 1.0 (must be in [0, 1))");
    assertThatThrownBy(() -> new Adam.Options(1e-3, -0.1, 0.9, 1e-8, 0, false))
        .hasMessage("invalid beta 0 -0.1 (must be in [0, 1))");
    assertThatThrownBy(() -> new Adam.Options(1e-3, 0.9, 0.999, -1e-8, 0, false)).hasMessage("invalid eps -1.0E-8 (must be >= 0)");
    assertThatThrownBy(() -> new Adam.Options(Double.POSITIVE_INFINITY, 0.9, 0.999, 1e-8, 0, false))
        .hasMessage("invalid lr Infinity (must be finite)");
    // A schedule may take lr below 0, so the record allows it; the optimisers' constructors do not.
    assertThat(new SGD.Options(-1e-4, 0, 0, 0, false).lr()).isEqualTo(-1e-4);
  }

  /** The fluent setters name the optimiser, as before the options were records. */
  @Test
  void optimisersNameThemselvesInTheRecordsMessages() {
    assertThatThrownBy(() -> new SGD(ps, 0.1).dampening(-1)).hasMessage("SGD: invalid dampening -1.0 (must be >= 0)");
    assertThatThrownBy(() -> new SGD(ps, 0.1).weightDecay(-1)).hasMessage("SGD: invalid weight_decay -1.0 (must be >= 0)");
    assertThatThrownBy(() -> new Adam(ps).eps(-1)).hasMessage("Adam: invalid eps -1.0 (must be >= 0)");
    assertThatThrownBy(() -> new AdamW(ps).betas(1.0, 0.9)).hasMessage("AdamW: invalid beta 0 1.0 (must be in [0, 1))");
    assertThatThrownBy(() -> new AdamW(ps, -1)).hasMessage("AdamW: invalid lr -1.0 (must be >= 0)");
    SGD sgd = new SGD(ps, 0.1).momentum(0.9);
    assertThatThrownBy(() -> sgd.momentum(-1)).hasMessage("SGD: invalid momentum -1.0 (must be >= 0)");
    assertThat(sgd.defaults().momentum()).as("a rejected setting changes nothing").isEqualTo(0.9);
  }

  @Test
  void fluentSettersBuildTheRecord() {
    assertThat(new SGD(ps, 0.1).momentum(0.9).dampening(0.1).weightDecay(5e-4).nesterov(true).defaults())
        .isEqualTo(new SGD.Options(0.1, 0.9, 0.1, 5e-4, true));
    assertThat(new Adam(ps, 3e-4).betas(0.9, 0.98).eps(1e-6).weightDecay(0.1).amsgrad(true).defaults())
        .isEqualTo(new Adam.Options(3e-4, 0.9, 0.98, 1e-6, 0.1, true));
    assertThat(SGD.Options.defaults(0.1)).isEqualTo(new SGD.Options(0.1, 0, 0, 0, false));
    assertThat(Adam.Options.defaults(1e-3, 1e-2)).isEqualTo(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false));
  }

  @Test
  void pyTorchNamesInPyTorchsOrder() {
    assertThat(OptimizerStateCodec.names(SGD.Options.defaults(0.1)))
        .containsExactly("lr", "momentum", "dampening", "weight_decay", "nesterov");
    assertThat(OptimizerStateCodec.names(Adam.Options.defaults(0.1, 0)))
        .containsExactly("lr", "betas", "eps", "weight_decay", "amsgrad");
  }
}
