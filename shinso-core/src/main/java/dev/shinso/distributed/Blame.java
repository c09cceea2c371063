package dev.shinso.distributed;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rank a failed collective is blamed on. In a ring a silent rank stalls everyone: its
 * successor waits on it, the next one waits on the successor, and so on. Every rank that gives up
 * reports whom it waited on; the culprit is a rank that others waited on and that reported nothing
 * itself (it was not in the collective at all, or it died). Every rank applies this rule to the same
 * notices and so blames the same rank.
 */
final class Blame {
  private Blame() {}

  /**
   * The notice whose subject is to blame; own is this rank's own notice, among all. A rank seen to
   * close comes first (that is certain; a wait is inferred), then this rank's own view, then the
   * lowest rank.
   */
  static Notice culprit(Notice own, List<Notice> all) {
    Set<Integer> reporters = new HashSet<>();
    for (Notice n : all) reporters.add(n.reporter());
    Notice best = null;
    for (Notice n : all) {
      if (reporters.contains(n.subject())) continue; // it reported, so it was waiting on someone else
      if (best == null || rank(n, own) < rank(best, own)) best = n;
    }
    return best != null ? best : own; // everyone waited on someone who reported: a cycle, keep our own view
  }

  private static long rank(Notice n, Notice own) {
    int tier = n.kind() == Notice.Kind.CLOSED ? 0 : n == own ? 1 : 2;
    return (long) tier << 32 | n.subject();
  }
}
