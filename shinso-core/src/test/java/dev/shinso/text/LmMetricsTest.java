package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmMetricsTest {
  @TempDir Path dir;

  @Test
  void eachRewriteReplacesTheFileWholeSoAReaderNeverSeesAPart() throws IOException {
    LmMetrics metrics = new LmMetrics(dir);
    metrics.add(10, 2.5, 2.6, 0.003, 1.0);
    Path metricsCsv = dir.resolve("metrics.csv");
    // a second name for the file as it is now: a reader that opened it before the next write
    Path reader = Files.createLink(dir.resolve("reader.csv"), metricsCsv);
    String first = Files.readString(metricsCsv);
    metrics.add(20, 2.0, 2.1, 0.002, 2.0);
    assertThat(reader).content().isEqualTo(first);  // rewritten in place, the old file would change under it
    assertThat(Files.readAllLines(metricsCsv)).containsExactly("step,train_loss,val_loss,lr,seconds",
        "10,2.50000,2.60000,0.00300000,1.0", "20,2.00000,2.10000,0.00200000,2.0");
    assertThat(metrics.lastValidationLoss()).isEqualTo(2.1);
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }
}
