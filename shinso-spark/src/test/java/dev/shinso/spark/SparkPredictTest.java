package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkPredictTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.open(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aFolderOfImagesGetsTheSinglProcessPredictionsOneRowPerImage() throws Exception {
    PredictFixture.Data d = PredictFixture.get();
    Dataset<Row> images = SparkImages.read(spark, d.images().toString()).repartition(3);
    int decodedBefore = ExecutorModels.decoded();
    Dataset<Row> out = SparkPredict.predict(spark, images, d.checkpoint(), null, 32);
    assertThat(out.schema()).isEqualTo(SparkPredict.SCHEMA);
    Predictions.assertSameAsSingleProcess(out.collectAsList(), d.expected());
    // three partitions, one executor (local mode): the checkpoint was decoded once
    assertThat(ExecutorModels.decoded() - decodedBefore).isEqualTo(1);
  }

  @Test
  void aParquetFileOfPathsAndContentWorksTooWithBatchesThatDoNotDivideIt() throws Exception {
    PredictFixture.Data d = PredictFixture.get();
    Path parquet = dir.resolve("images.parquet");
    SparkImages.read(spark, d.images().toString()).select("path", "content").write().parquet(parquet.toString());
    Dataset<Row> out = SparkPredict.predict(spark, SparkImages.read(spark, parquet.toString()),
        Files.readAllBytes(d.checkpoint()), "mlp", 7);
    Path written = dir.resolve("predictions.parquet");
    out.write().parquet(written.toString());
    Predictions.assertSameAsSingleProcess(spark.read().parquet(written.toString()).collectAsList(), d.expected());
  }

  @Test
  void onlyImageFilesAreReadFromAFolder() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    Files.write(dir.resolve("a.png"), Files.readAllBytes(PredictFixture.get().images().resolve("img_000.png")));
    assertThat(SparkImages.read(spark, dir.toString()).count()).isEqualTo(1);
  }

  @Test
  void imagesWithoutAContentColumnAreRefusedNamingIt() {
    Dataset<Row> noContent = spark.createDataFrame(java.util.List.of(org.apache.spark.sql.RowFactory.create("x.png")),
        new org.apache.spark.sql.types.StructType().add("path", "string"));
    assertThatThrownBy(() -> SparkPredict.predict(spark, noContent, PredictFixture.get().checkpoint(), null, 8))
        .hasMessageContaining("column content of type binary");
  }

  @Test
  void aCheckpointThatIsNotAModelFailsOnTheDriver() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.safetensors"), "not a checkpoint");
    Dataset<Row> images = SparkImages.read(spark, PredictFixture.get().images().toString());
    assertThatThrownBy(() -> SparkPredict.predict(spark, images, bad, null, 8)).hasMessageContaining(bad.toString());
  }
}
