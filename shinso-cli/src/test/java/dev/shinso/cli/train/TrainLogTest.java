package dev.shinso.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainLogTest {
  @TempDir Path dir;

  @Test
  void aResumedRunKeepsTheRowsUpToItsEpochAndKnowsTheBestAccuracy() throws IOException {
    TrainLog log = new TrainLog();
    log.add(new TrainLog.Row(1, 0.6, 0.78, 0.5, 0.81, 10.5));
    log.add(new TrainLog.Row(2, 0.4, 0.85, 0.45, 0.84, 10.25));
    log.add(new TrainLog.Row(3, 0.3, 0.88, 0.44, 0.83, 10.0));
    log.write(dir);
    assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).containsExactly(
        "epoch,train_loss,train_acc,test_loss,test_acc,epoch_s", "1,0.6,0.78,0.5,0.81,10.5", "2,0.4,0.85,0.45,0.84,10.25",
        "3,0.3,0.88,0.44,0.83,10");
    assertThat(dir.resolve("loss.png")).exists();
    assertThat(dir.resolve("accuracy.png")).exists();

    TrainLog resumed = TrainLog.read(dir, 2);
    assertThat(resumed.rows()).containsExactlyElementsOf(log.rows().subList(0, 2));
    assertThat(resumed.bestTestAccuracy()).isEqualTo(0.84);
    assertThat(TrainLog.read(dir.resolve("elsewhere"), 5).rows()).isEmpty();
    assertThat(new TrainLog().bestTestAccuracy()).isNegative().isInfinite();
  }

  @Test
  void aFileThatIsNotATrainingLogIsNamed() throws IOException {
    Files.writeString(dir.resolve("metrics.csv"), "metric,value\n");
    assertThatThrownBy(() -> TrainLog.read(dir, 1)).isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("metrics.csv").toString());
  }
}
