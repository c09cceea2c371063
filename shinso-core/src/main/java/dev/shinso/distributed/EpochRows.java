package dev.shinso.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The epochs trained so far as text, kept in a checkpoint's metadata so a resumed run reports them all. */
final class EpochRows {
  private EpochRows() {}

  /** One row per line: epoch, loss, accuracy, test loss, test accuracy, seconds, steps. */
  static String format(List<EpochRow> rows) {
    StringBuilder sb = new StringBuilder();
    for (EpochRow r : rows) {
      sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%d%n", r.epoch(), r.loss(), r.accuracy(), r.testLoss(),
          r.testAccuracy(), r.seconds(), r.steps()));
    }
    return sb.toString();
  }

  static List<EpochRow> parse(String text) {
    List<EpochRow> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split(",");
      try {
        rows.add(new EpochRow(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Integer.parseInt(f[6])));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("checkpoint history: cannot read the row '" + line + "'", e);
      }
    }
    return rows;
  }
}
