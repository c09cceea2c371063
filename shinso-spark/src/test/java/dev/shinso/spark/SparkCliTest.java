package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.cli.spark.SparkCommands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCliTest {
  @TempDir Path dir;

  /** What `shinso predict --spark local[2] --input DIR --output F` runs, found as the CLI finds it. */
  @Test
  void theCliFindsSparkPredictAndWritesParquet() throws Exception {
    PredictFixture.Data d = PredictFixture.get();
    SparkCommands commands = SparkCommands.find();
    assertThat(commands).isInstanceOf(SparkCli.class);
    Path out = dir.resolve("out.parquet");
    StringWriter printed = new StringWriter();
    commands.predict("local[2]", d.checkpoint(), null, d.images().toString(), out, 64, new PrintWriter(printed));
    assertThat(printed.toString()).startsWith("predict: " + PredictFixture.IMAGES + " images classified on local[2]");
    try (SparkSession spark = LocalSpark.open(2)) {
      Predictions.assertSameAsSingleProcess(spark.read().parquet(out.toString()).collectAsList(), d.expected());
    }
  }

  @Test
  void aFolderWithoutImagesIsRefusedNamingIt() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("notes.txt"), "no image here");
    Path out = dir.resolve("out.parquet");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkCommands.find().predict("local[1]",
            PredictFixture.get().checkpoint(), null, dir.toString(), out, 8, new PrintWriter(new StringWriter())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir + " holds no images");
    assertThat(out).doesNotExist();
  }
}
