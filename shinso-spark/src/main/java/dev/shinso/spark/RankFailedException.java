package dev.shinso.spark;

/**
 * A rank failed: its task threw, or its executor was lost. The message names the rank; the cause is
 * Spark's exception, whose own cause is what the rank threw where Spark could send it back.
 */
public final class RankFailedException extends RuntimeException {
  private final int rank;

  public RankFailedException(int rank, int size, Throwable cause) {
    super("rank " + rank + " of " + size + " failed: " + cause, cause);
    this.rank = rank;
  }

  private RankFailedException(String message, int rank, Throwable cause) {
    super(message, cause);
    this.rank = rank;
  }

  /** A failure known only from Spark's words (the rank's exception did not come back, or its executor was lost). */
  static RankFailedException reported(int rank, int size, String reason) {
    return new RankFailedException("rank " + rank + " of " + size + " failed: " + reason, rank, null);
  }

  public int rank() {
    return rank;
  }

  /** The same failure thrown again on the driver, with the stage's exception as the cause, so both traces show. */
  RankFailedException onDriver(Throwable stageFailure) {
    return new RankFailedException(getMessage(), rank, stageFailure);
  }
}
