package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SlotCheckTest {
  /** Spark's own check would retry for minutes before a cryptic error; this one says what is wrong, at once. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tooFewSlotsIsAClearErrorBeforeTheStageStarts() throws Exception {
    try (SparkSession spark = LocalSpark.open(1)) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long jobsBefore = sc.statusTracker().getJobIdsForGroup(null).length;
      assertThatThrownBy(() -> SparkRanks.run(sc, 2, RingTasks::ring))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs 2 task slots")
          .hasMessageContaining("local[1] has 1");
      org.assertj.core.api.Assertions.assertThat(sc.statusTracker().getJobIdsForGroup(null)).hasSize((int) jobsBefore);
    }
  }
}
