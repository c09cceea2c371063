package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  @Test
  void roundTripsEverySection() throws IOException {
    Checkpoint c = new Checkpoint(
        Map.of("0.weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)),
        Map.of("state.0.step", Tensor.scalarLong(7)),
        Map.of("last_epoch", Tensor.scalarLong(3)),
        new long[] {123456789L, 1, 42}, 3, Map.of("model", "mlp"));
    Path f = dir.resolve("ckpt.safetensors");
    c.save(f);
    Checkpoint back = Checkpoint.load(f);
    assertThat(back.model().get("0.weight").toFloatArray()).containsExactly(1, 2, 3, 4);
    assertThat(back.optimizer().get("state.0.step").itemLong()).isEqualTo(7);
    assertThat(back.scheduler().get("last_epoch").itemLong()).isEqualTo(3);
    assertThat(back.rngState()).containsExactly(123456789L, 1, 42);
    assertThat(back.epoch()).isEqualTo(3);
    assertThat(back.metadata()).containsExactly(Map.entry("model", "mlp"));
  }

  @Test
  void aGeneratorResumesFromTheFileAndAnOldStateIsAccepted() throws IOException {
    Generator g = new Generator(2024);
    Tensor.randn(g, 5);
    Path f = dir.resolve("rng.safetensors");
    new Checkpoint(Map.of(), Map.of(), Map.of(), g.getState(), 1, Map.of()).save(f);
    float[] next = Tensor.rand(g, 6).toFloatArray();
    Generator resumed = new Generator(0);
    resumed.setState(Checkpoint.load(f).rngState());
    assertThat(Tensor.rand(resumed, 6).toFloatArray()).containsExactly(next);

    // a file from before the Philox generator: {SplitMix64 state, hasSpare, spare bits}
    Path old = dir.resolve("old.safetensors");
    new Checkpoint(Map.of(), Map.of(), Map.of(), new long[] {987654321L, 0, 0}, 1, Map.of()).save(old);
    resumed.setState(Checkpoint.load(old).rngState());
    assertThat(resumed.getState()).containsExactly(g.getState()[0], 987654321L, 0);
  }

  @Test
  void bareWeightsAreNotACheckpoint() throws IOException {
    Path f = dir.resolve("weights.safetensors");
    SafeTensors.save(Map.of("w", Tensor.ones(2)), f);
    assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(IOException.class).hasMessageContaining("not a shinso checkpoint");
  }

  @Test
  void aDamagedEpochOrGeneratorStateIsRejectedNamingTheFile() throws IOException {
    for (int epoch : new int[] {-5, Integer.MAX_VALUE}) {
      Path f = dir.resolve("epoch" + epoch + ".safetensors");
      new Checkpoint(Map.of(), Map.of(), Map.of(), new long[] {1, 2, 3}, epoch, Map.of()).save(f);
      assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(IOException.class)
          .hasMessageContaining(f.toString()).hasMessageContaining("epoch " + epoch);
    }
    Path f = dir.resolve("rng.safetensors");
    new Checkpoint(Map.of(), Map.of(), Map.of(), new long[] {1, 2}, 1, Map.of()).save(f);
    assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("rng_state must hold the generator's 3 longs, got 2");
  }

  /** Found by SafeTensorsFuzzTest: an empty epoch read "metadata epoch is not a number: " and a missing one "...: null". */
  @Test
  void anEmptyOrMissingEpochIsNamedAsSuch() throws IOException {
    Map<String, Tensor> rng = Map.of("rng_state", Tensor.ofLongs(new long[] {1, 2, 3}));
    Path empty = dir.resolve("empty-epoch.safetensors");
    SafeTensors.save(rng, Map.of("format", "shinso-checkpoint", "epoch", ""), empty);
    assertThatThrownBy(() -> Checkpoint.load(empty)).isInstanceOf(IOException.class)
        .hasMessage("checkpoint " + empty + ": metadata epoch is not a number: \"\"");
    Path missing = dir.resolve("no-epoch.safetensors");
    SafeTensors.save(rng, Map.of("format", "shinso-checkpoint"), missing);
    assertThatThrownBy(() -> Checkpoint.load(missing)).isInstanceOf(IOException.class)
        .hasMessage("checkpoint " + missing + ": no metadata epoch");
  }
}
