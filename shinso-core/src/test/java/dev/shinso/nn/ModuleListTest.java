package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleListTest {
  /** A model that owns a ModuleList and decides how to call it, as PyTorch code does. */
  static final class Residual extends Module {
    final ModuleList<Linear> blocks = new ModuleList<>();

    Residual(int width, int depth) {
      for (int i = 0; i < depth; i++) blocks.add(new Linear(width, width));
    }

    @Override
    public Tensor forward(Tensor x) {
      for (Linear b : blocks) x = x.add(b.forward(x).relu());
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

  /** A block with two inputs: a Block, not a Module, so it has no one-tensor forward to call by mistake. */
  static final class Gated extends Block {
    final Linear value = new Linear(3, 3), gate = new Linear(3, 3);

    Tensor forward(Tensor x, Tensor context) {
      return value.forward(x).mul(gate.forward(context).sigmoid());
    }
  }

  @Test
  void holdsBlocksWithTheirOwnForwardWithoutCasts() {
    ModuleList<Gated> gates = new ModuleList<>(new Gated(), new Gated());
    Tensor x = Tensor.ones(2, 3), context = Tensor.zeros(2, 3);
    for (Gated g : gates) x = g.forward(x, context);
    assertThat(x.shapeArray()).containsExactly(2, 3);
    assertThat(gates.get(1).forward(x, context).shapeArray()).containsExactly(2, 3);
    assertThat(gates.namedParameters()).hasSize(8).containsKey("1.gate.bias");
    assertThat(Module.class.isAssignableFrom(ModuleList.class)).as("ModuleList is a container, not a layer").isFalse();
  }

  @Test
  void misuseNamesModuleList() {
    assertThatThrownBy(() -> new ModuleList(new ReLU()).get(-1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("ModuleList.get: index -1 out of range for 1 modules");
    assertThatThrownBy(() -> new ModuleList<ReLU>().add(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("ModuleList.add: module");
  }

  @Test
  void iteratesOverASnapshotInOrder() {
    ReLU a = new ReLU();
    Tanh b = new Tanh();
    ModuleList<Module> list = new ModuleList<>(a, b);
    assertThat(list).containsExactly(a, b);
    assertThat(list.get(1)).isSameAs(b);
    for (Module m : list) list.add(new ReLU()); // the iterator does not see what is added meanwhile
    assertThat(list.size()).isEqualTo(4);
  }
}
