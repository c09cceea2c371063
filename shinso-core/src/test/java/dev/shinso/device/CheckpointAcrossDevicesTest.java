package dev.shinso.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Block;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Module;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints do not depend on the device: one saved from a model on another device (the off-heap
 * test device standing in for a GPU) is byte for byte the one the CPU saves, loads on the CPU, and a
 * CPU checkpoint loads onto the device; the loaded model computes what the saved one did. Each model
 * takes one Adam step first, so weights, batch-norm statistics and Adam moments all differ from a
 * fresh model's.
 */
class CheckpointAcrossDevicesTest {
  private static final Device OFFHEAP = MixedDevicesTest.OFFHEAP;
  private static final Generator DATA = new Generator(21);
  private static final Tensor IMAGES = Tensor.randn(Device.CPU, DATA, 4, 1, 28, 28);
  private static final Tensor LABELS = Tensor.ofLongs(Device.CPU, new long[] {3, 1, 4, 1});

  @TempDir Path dir;

  @Test
  void theCnnsCheckpointCrossesDevices() throws IOException {
    roundTrip("cnn", Models::cnn, m -> ((Module) m).forward(IMAGES.to(m.device())),
        m -> Functional.crossEntropy(((Module) m).forward(IMAGES.to(m.device())), LABELS.to(m.device())));
  }

  @Test
  void theResNetsCheckpointCrossesDevicesWithItsBatchNormStatistics() throws IOException {
    roundTrip("resnet", Models::resnet, m -> ((Module) m).forward(IMAGES.to(m.device())),
        m -> Functional.crossEntropy(((Module) m).forward(IMAGES.to(m.device())), LABELS.to(m.device())));
  }

  @Test
  void theLanguageModelsCheckpointCrossesDevices() throws IOException {
    Tensor tokens = Tensor.ofLongs(Device.CPU, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1}, 2, 6);
    Tensor next = Tensor.ofLongs(Device.CPU, new long[] {2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2}, 2, 6);
    Function<Block, Tensor> forward = m -> ((Module) m).forward(tokens.to(m.device()));
    roundTrip("lm", () -> new TransformerLM(new TransformerConfig(11, 2, 2, 8, 6)), forward,
        m -> Functional.crossEntropy(forward.apply(m).reshape(-1, 11), next.to(m.device()).reshape(-1)));
  }

  @Test
  void theUNetsCheckpointCrossesDevices() throws IOException {
    Tensor x = Tensor.rand(Device.CPU, new Generator(22), 2, 1, 8, 8);
    Tensor t = Tensor.ofLongs(Device.CPU, new long[] {3, 17}), y = Tensor.ofLongs(Device.CPU, new long[] {0, 2});
    Ddpm ddpm = new Ddpm(NoiseSchedule.of("linear", 20));
    roundTrip("unet", () -> new UNet(new UNetConfig(1, 8, 4, new int[] {1, 2}, 2, 3)),
        m -> ((UNet) m).forward(x.to(m.device()), t.to(m.device()), y.to(m.device())),
        m -> ddpm.loss((UNet) m, x.to(m.device()), y.to(m.device()), 0.5, new Generator(23)));
  }

  private void roundTrip(String name, Supplier<? extends Block> make, Function<Block, Tensor> forward,
      Function<Block, Tensor> loss) throws IOException {
    Shinso.manualSeed(1);
    Block onDevice = make.get().to(OFFHEAP);
    Adam opt = new Adam(onDevice.parameters(), 1e-2);
    loss.apply(onDevice).backward();
    opt.step();
    onDevice.eval();
    Tensor expected = forward.apply(onDevice).to(Device.CPU);
    Path fromDevice = dir.resolve(name + "-offheap.safetensors");
    checkpoint(onDevice, opt).save(fromDevice);

    // device -> CPU: a fresh model (other seed) takes the weights and computes what the device did
    Shinso.manualSeed(2);
    Block onCpu = make.get();
    onCpu.eval();
    Checkpoint loaded = Checkpoint.load(fromDevice);
    assertThat(loaded.model().values()).allSatisfy(v -> assertThat(v.device()).isEqualTo(Device.CPU));
    onCpu.loadStateDict(loaded.model());
    Adam cpuOpt = new Adam(onCpu.parameters(), 1e-2);
    cpuOpt.loadStateDict(loaded.optimizer());
    assertClose(name + " on the CPU", forward.apply(onCpu), expected);

    // the CPU writes the same bytes, and its file loads onto the device
    Path fromCpu = dir.resolve(name + "-cpu.safetensors");
    checkpoint(onCpu, cpuOpt).save(fromCpu);
    assertThat(Files.readAllBytes(fromCpu)).as(name + ": the CPU's file is the device's").isEqualTo(
        Files.readAllBytes(fromDevice));
    Shinso.manualSeed(3);
    Block back = make.get().to(OFFHEAP);
    back.eval();
    back.loadStateDict(Checkpoint.load(fromCpu).model());
    assertThat(back.stateDict().values()).allSatisfy(v -> assertThat(v.device()).isEqualTo(OFFHEAP));
    assertClose(name + " back on the device", forward.apply(back).to(Device.CPU), expected);
  }

  private static Checkpoint checkpoint(Block model, Adam opt) {
    return new Checkpoint(model.stateDict(), opt.stateDict(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("k", "v"));
  }

  /** The device runs composites where the CPU has its own kernels: equal up to float32 rounding. */
  private static void assertClose(String what, Tensor actual, Tensor expected) {
    float[] a = actual.toFloatArray(), e = expected.toFloatArray();
    assertThat(a).as(what).hasSameSizeAs(e);
    for (int i = 0; i < a.length; i++) {
      assertThat(Math.abs(a[i] - e[i])).as(what + " at " + i + ": " + a[i] + " vs " + e[i])
          .isLessThanOrEqualTo(1e-4f * (1 + Math.abs(e[i])));
    }
  }
}
