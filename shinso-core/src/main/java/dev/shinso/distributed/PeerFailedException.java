package dev.shinso.distributed;

/**
 * A collective failed because of another rank: it sent nothing in time, closed its connection or
 * died. {@link #rank()} is that rank, so a caller (Spark's driver) can say which task to blame.
 */
public final class PeerFailedException extends IllegalStateException {
  private final int rank;

  PeerFailedException(int rank, String message, Throwable cause) {
    super(message, cause);
    this.rank = rank;
  }

  /** The rank held responsible. */
  public int rank() {
    return rank;
  }
}
