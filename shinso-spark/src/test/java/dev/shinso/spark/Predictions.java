package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.spark.TestImages.Prediction;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The check every predict test makes: Spark's rows are the single-process predictions, one per image. */
final class Predictions {
  private Predictions() {}

  static void assertSameAsSingleProcess(List<Row> rows, Map<String, Prediction> expected) {
    assertThat(rows).hasSize(expected.size());
    assertThat(rows.stream().map(r -> r.getString(0)).distinct()).hasSize(expected.size());
    for (Row r : rows) {
      String name = Path.of(URI.create(r.getString(r.fieldIndex("path")))).getFileName().toString();
      Prediction want = expected.get(name);
      assertThat(want).as("an image predict was not given: %s", r).isNotNull();
      assertThat(r.getString(r.fieldIndex("label"))).as(name).isEqualTo(want.label());
      // batched forward passes may sum in another order than one image at a time
      assertThat(r.getDouble(r.fieldIndex("probability"))).as(name).isCloseTo(want.probability(), within(1e-5));
    }
  }
}
