package dev.shinso.distributed;

import java.nio.ByteBuffer;

/**
 * What a rank that gave up on a collective tells every other rank, on a short connection of its own
 * to their listeners: the ring's streams are mid-message then, so they cannot carry it. From all the
 * notices each rank works out the same culprit (see {@link Blame}).
 *
 * @param reporter the rank that gave up
 * @param kind what it saw of subject
 * @param subject the neighbour it was waiting on
 */
record Notice(int reporter, Kind kind, int subject, long waitedNanos) {
  static final int MAGIC = 0x5348_4e54; // "SHNT"
  static final int BYTES = 24;

  enum Kind {
    /** subject sent nothing for the whole timeout */
    SENT_NOTHING,
    /** subject read nothing of what the reporter sent for the whole timeout */
    TOOK_NOTHING,
    /** subject closed its connection, or its process died */
    CLOSED
  }

  void write(ByteBuffer b) {
    b.putInt(MAGIC).putInt(reporter).putInt(kind.ordinal()).putInt(subject).putLong(waitedNanos);
  }

  /** Reads a notice from the first BYTES bytes of b, or null if they are not one. */
  static Notice read(ByteBuffer b) {
    if (b.getInt(0) != MAGIC) return null;
    int kind = b.getInt(8);
    if (kind < 0 || kind >= Kind.values().length) return null;
    return new Notice(b.getInt(4), Kind.values()[kind], b.getInt(12), b.getLong(16));
  }
}
