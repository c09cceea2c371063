package dev.shinso.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UNetTest {
  @Test
  void predictsNoiseOfTheImagesShapeAtThreeLevels() {
    UNet net = new UNet(new UNetConfig(1, 28, 8, new int[] {1, 2, 2}, 4, 10));  // 28 → 14 → 7 and back
    Tensor x = Tensor.randn(new Generator(1), 2, 1, 28, 28);
    Tensor out = net.forward(x, Tensor.ofLongs(new long[] {0, 999}, 2), Tensor.ofLongs(new long[] {3, 10}, 2));
    assertThat(out.shapeArray()).containsExactly(2, 1, 28, 28);
    assertThat(out.toFloatArray()).containsOnly(0f);  // the output conv starts at zero
    assertThat(net.stateDict()).containsKeys("timeMlp.1.weight", "classEmbed.weight", "down.0.conv1.weight",
        "upsample.0.weight", "up.2.skip.weight", "outConv.bias");
  }

  @Test
  void badInputsAreClearErrors() {
    UNet unconditional = new UNet(UNetConfig.fashionMnist(8, 0));
    Tensor t = Tensor.ofLongs(new long[] {1}, 1);
    assertThatThrownBy(() -> unconditional.forward(Tensor.zeros(1, 1, 32, 32), t, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1, 32, 32]");
    assertThatThrownBy(() -> unconditional.forward(Tensor.zeros(1, 1, 28, 28), t, Tensor.ofLongs(new long[] {2}, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unconditional");
    assertThatThrownBy(() -> new UNetConfig(1, 28, 12, new int[] {1}, 8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groups=8");
  }

  @Test
  void configRoundTripsThroughCheckpointMetadata() {
    UNetConfig c = new UNetConfig(1, 28, 16, new int[] {1, 2, 2}, 8, 10);
    Map<String, String> m = c.toMetadata();
    UNetConfig back = UNetConfig.fromMetadata(m);
    assertThat(back.channelMult()).containsExactly(1, 2, 2);
    assertThat(back.toMetadata()).isEqualTo(m);
    assertThatThrownBy(() -> UNetConfig.fromMetadata(Map.of("model", "cnn"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U-Net");
  }
}
