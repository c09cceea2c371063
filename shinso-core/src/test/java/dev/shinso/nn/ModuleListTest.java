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

  @Test
  void misuseNamesModuleList() {
    assertThatThrownBy(() -> new ModuleList(new ReLU()).get(-1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("ModuleList.get: index -1 out of range for 1 modules");
    assertThatThrownBy(() -> new ModuleList().add(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("ModuleList.add: module");
  }

  @Test
  void iteratesOverASnapshotInOrder() {
    ReLU a = new ReLU();
    Tanh b = new Tanh();
    ModuleList list = new ModuleList(a, b);
    assertThat(list).containsExactly(a, b);
    assertThat(list.get(1)).isSameAs(b);
    for (Module m : list) list.add(new ReLU()); // the iterator does not see what is added meanwhile
    assertThat(list.size()).isEqualTo(4);
  }
}
