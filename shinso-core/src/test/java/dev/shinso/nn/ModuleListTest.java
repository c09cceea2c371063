package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleListTest {
  /** A model that owns a ModuleList and decides how to call it, as PyTorch code does. */
  static final class Residual extends Module {
    final ModuleList blocks = new ModuleList();

    Residual(int width, int depth) {
      for (int i = 0; i < depth; i++) blocks.add(new Linear(width, width));
    }

    @Override
    public Tensor forward(Tensor x) {
      for (Module b : blocks) x = x.add(b.forward(x).relu());
      return x;
    }
  }

  @Test
  void registersItsModulesByIndex() {
    Residual r = new Residual(3, 2);
    assertThat(r.namedParameters().keySet())
        .containsExactly("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias");
    assertThat(r.blocks.size()).isEqualTo(2);
    assertThat(r.forward(Tensor.ones(4, 3)).shapeArray()).containsExactly(4, 3);
    assertThat(r).hasToString("""
        Residual(
          (blocks): ModuleList(
            (0): Linear(in_features=3, out_features=3, bias=True)
            (1): Linear(in_features=3, out_features=3, bias=True)
          )
        )""");
  }

  @Test
  void forwardIsAClearError() {
    assertThatThrownBy(() -> new ModuleList(new ReLU()).forward(Tensor.ones(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ModuleList").hasMessageContaining("container");
  }
}
