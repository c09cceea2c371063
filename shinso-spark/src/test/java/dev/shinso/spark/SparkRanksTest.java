package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.spark.RingTasks.RankView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SparkRanksTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.open(3);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyRankGetsTheSamePeersAndTheyConnectInARing() {
    for (int size : new int[] {2, 3}) {
      List<RankView> views = SparkRanks.run(sc, size, RingTasks::ring);
      assertThat(views).hasSize(size);
      for (int rank = 0; rank < size; rank++) {
        RankView v = views.get(rank);
        assertThat(v.rank()).isEqualTo(rank);
        assertThat(v.size()).isEqualTo(size);
        assertThat(v.peers()).hasSize(size).isEqualTo(views.get(0).peers());
        assertThat(v.peers().get(rank)).isEqualTo(v.listener());
        assertThat(v.fromPrevious()).isEqualTo((rank + size - 1) % size);
      }
      assertThat(views.get(0).peers()).doesNotHaveDuplicates();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRanksExceptionReachesTheDriverNamingTheRank() {
    assertThatThrownBy(() -> SparkRanks.run(sc, 3, RingTasks::failOnRankOne))
        .isInstanceOfSatisfying(RankFailedException.class, e -> assertThat(e.rank()).isEqualTo(1))
        .hasMessageContaining("rank 1 of 3 failed")
        .hasMessageContaining("deliberate failure in the test");
    // the context survives: the next stage runs
    assertThat(SparkRanks.run(sc, 2, RingTasks::ring)).hasSize(2);
  }

  @Test
  void noRanksIsRefused() {
    assertThatThrownBy(() -> SparkRanks.run(sc, 0, RingTasks::ring)).hasMessageContaining("at least 1");
  }
}
