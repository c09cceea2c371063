package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module behaviour seen through real layers: dotted keys, state dicts with buffers, loading, modes, printing. */
class ModuleTest {
  /** A small CNN-like model: fields are found in declaration order. */
  static final class Net extends Module {
    final Sequential features = new Sequential(new Linear(6, 4), new ReLU(), new Linear(4, 4));
    final BatchNorm1d bn = new BatchNorm1d(4);
    final Dropout drop = new Dropout(0.5);
    final Linear head = new Linear(4, 2);

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(drop.forward(bn.forward(features.forward(x))));
    }
  }

  @Test
  void namedParametersFollowDeclarationOrderWithDottedKeys() {
    assertThat(new Net().namedParameters().keySet()).containsExactly("features.0.weight", "features.0.bias",
        "features.2.weight", "features.2.bias", "bn.weight", "bn.bias", "head.weight", "head.bias");
  }

  @Test
  void stateDictHoldsParametersAndBuffers() {
    Map<String, Tensor> state = new Net().stateDict();
    assertThat(state.keySet()).containsExactly("features.0.weight", "features.0.bias", "features.2.weight",
        "features.2.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
        "head.weight", "head.bias");
    assertThat(new Net().namedBuffers().keySet())
        .containsExactly("bn.running_mean", "bn.running_var", "bn.num_batches_tracked");
  }

  @Test
  void stateDictRoundTripsIntoAFreshModel() {
    Shinso.manualSeed(1);
    Net a = new Net();
    a.forward(GradChecks.randn(1, 1, 8, 6)); // moves bn's running statistics
    Shinso.manualSeed(2);
    Net b = new Net();
    b.loadStateDict(a.stateDict(), true);
    a.stateDict().forEach((k, v) -> assertThat(b.stateDict().get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray()));
    assertThat(b.bn.numBatchesTracked().itemLong()).isEqualTo(1);
    a.eval();
    b.eval();
    Tensor x = GradChecks.randn(3, 1, 5, 6);
    assertThat(b.forward(x).toFloatArray()).containsExactly(a.forward(x).toFloatArray());
  }

  @Test
  void strictLoadListsMissingUnexpectedAndMisShapedKeys() {
    Map<String, Tensor> state = new LinkedHashMap<>(new Net().stateDict());
    state.remove("bn.running_var");
    state.remove("head.bias");
    state.put("head.extra", Tensor.zeros(1));
    state.put("features.0.weight", Tensor.zeros(4, 5));
    Net net = new Net();
    assertThatThrownBy(() -> net.loadStateDict(state)).as("strict by default, as PyTorch")
        .hasMessageContaining("missing keys: [bn.running_var, head.bias]");
    assertThatThrownBy(() -> net.loadStateDict(state, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing keys: [bn.running_var, head.bias]")
        .hasMessageContaining("unexpected keys: [head.extra]")
        .hasMessageContaining("features.0.weight (checkpoint [4, 5], model [4, 6])");
  }

  @Test
  void nonStrictLoadSkipsMissingAndUnexpectedButNotMisShaped() {
    Net source = new Net();
    Map<String, Tensor> partial = new LinkedHashMap<>();
    partial.put("head.weight", source.stateDict().get("head.weight"));
    partial.put("other", Tensor.zeros(3));
    Net net = new Net();
    net.loadStateDict(partial, false);
    assertThat(net.head.weight().toFloatArray()).containsExactly(source.head.weight().toFloatArray());
    partial.put("head.bias", Tensor.zeros(3));
    assertThatThrownBy(() -> net.loadStateDict(partial, false)).hasMessageContaining("head.bias");
  }

  @Test
  void trainAndEvalPropagateToEveryDescendant() {
    Net net = new Net();
    assertThat(net.isTraining()).isTrue();
    net.eval();
    assertThat(net.isTraining()).isFalse();
    assertThat(net.bn.isTraining()).isFalse();
    assertThat(net.drop.isTraining()).isFalse();
    assertThat(net.features.get(0).isTraining()).isFalse();
    net.train();
    assertThat(net.features.get(2).isTraining()).isTrue();
    assertThat(net.drop.isTraining()).isTrue();
  }

  @Test
  void parameterCountSumsEveryTrainableElement() {
    assertThat(new Net().parameterCount()).isEqualTo((6 * 4 + 4) + (4 * 4 + 4) + (4 + 4) + (4 * 2 + 2));
  }

  @Test
  void zeroGradForgetsGradients() {
    Net net = new Net();
    net.forward(GradChecks.randn(1, 1, 4, 6)).sum().backward();
    assertThat(net.head.weight().grad()).isNotNull();
    net.zeroGrad();
    assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad()).isNull());
  }

  @Test
  void printsTheTreeLikePyTorch() {
    assertThat(new Net()).hasToString("""
        Net(
          (features): Sequential(
            (0): Linear(in_features=6, out_features=4, bias=True)
            (1): ReLU()
            (2): Linear(in_features=4, out_features=4, bias=True)
          )
          (bn): BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
          (drop): Dropout(p=0.5, inplace=False)
          (head): Linear(in_features=4, out_features=2, bias=True)
        )""");
  }

  /** A module with both settings and children puts the settings on their own line, as PyTorch does. */
  @Test
  void settingsAndChildrenTogetherPrintLikePyTorch() {
    Module m = new Module() {
      final ReLU act = new ReLU();

      @Override
      public Tensor forward(Tensor x) {
        return act.forward(x);
      }

      @Override
      protected String extraRepr() {
        return "width=3";
      }
    };
    assertThat(m.toString()).endsWith("(\n  width=3\n  (act): ReLU()\n)");
  }

  static final class LayersInAList extends Module {
    final java.util.List<Linear> layers = java.util.List.of(new Linear(2, 2), new Linear(2, 2));

    @Override
    public Tensor forward(Tensor x) {
      for (Linear l : layers) x = l.forward(x);
      return x;
    }
  }

  static final class LayersInAMap extends Module {
    final Map<String, Module> byName = Map.of("a", new Linear(2, 2));

    @Override
    public Tensor forward(Tensor x) {
      return x;
    }
  }

  static final class ParametersInAnArray extends Module {
    final Parameter[] extra = {null, new Parameter(Tensor.zeros(2))};

    @Override
    public Tensor forward(Tensor x) {
      return x;
    }
  }

  static final class TensorsInAList extends Module {
    final java.util.List<Tensor> cache = java.util.List.of(Tensor.zeros(2));
    final Linear layer = new Linear(2, 2);

    @Override
    public Tensor forward(Tensor x) {
      return layer.forward(x);
    }
  }

  @Test
  void modulesInAPlainCollectionAreAnErrorNotSilentlyUntrained() {
    assertThatThrownBy(() -> new LayersInAList().parameters()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LayersInAList.layers holds modules in a List").hasMessageContaining("ModuleList");
    assertThatThrownBy(() -> new LayersInAMap().stateDict()).hasMessageContaining("byName holds modules in a Map");
    assertThatThrownBy(() -> new ParametersInAnArray().parameters())
        .hasMessageContaining("ParametersInAnArray.extra holds parameters in a Parameter[]");
    assertThat(new TensorsInAList().parameters()).as("plain tensors in a list are not state").hasSize(2);
  }
}
