package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the driver names the failed rank from what Spark threw, for each way Spark reports it. */
class RankFailureMessageTest {
  @Test
  void theRanksOwnExceptionAsTheCause() {
    RankFailedException thrown = new RankFailedException(2, 3, new IllegalStateException("x"));
    RankFailedException found = SparkRanks.rankFailure(new Exception("Job aborted", thrown), 3);
    assertThat(found).isSameAs(thrown);
  }

  @Test
  void theRanksMessageCopiedBySpark() {
    Exception spark = new Exception("Job aborted due to stage failure: Task 1 in stage 0.0 failed 1 times, most recent "
        + "failure: Lost task 1.0: dev.shinso.spark.RankFailedException: rank 1 of 4 failed: java.io.IOException: gone\n\tat x");
    RankFailedException found = SparkRanks.rankFailure(spark, 4);
    assertThat(found.rank()).isEqualTo(1);
    assertThat(found).hasMessage("rank 1 of 4 failed: java.io.IOException: gone");
  }

  @Test
  void aLostExecutorNamesThePartitionItRan() {
    Exception spark = new Exception("Job aborted due to stage failure: Could not recover from a failed barrier ResultStage. "
        + "Most recent failure reason: Stage failed because barrier task ResultTask(5, 0) finished unsuccessfully.\n"
        + "ExecutorLostFailure (executor 0 exited unrelated to the running tasks) Reason: worker lost\nDriver stacktrace:");
    RankFailedException found = SparkRanks.rankFailure(spark, 2);
    assertThat(found.rank()).isZero();
    assertThat(found).hasMessageStartingWith("rank 0 of 2 failed: ExecutorLostFailure (executor 0")
        .hasMessageNotContaining("Driver stacktrace");
  }

  @Test
  void nothingNamedIsNull() {
    assertThat(SparkRanks.rankFailure(new Exception("Job 3 cancelled"), 2)).isNull();
  }
}
