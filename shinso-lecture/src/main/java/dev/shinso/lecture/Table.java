package dev.shinso.lecture;

import java.util.ArrayList;
import java.util.List;

/** A titled table of strings, printed with aligned columns. */
public record Table(String title, List<String> columns, List<List<String>> rows) {
  public Table {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("Table '" + title + "': row " + r + " has " + r.size() + " cells, not "
            + columns.size());
      }
    }
  }

  /** Starts a table; add rows with {@link Builder#row}. */
  public static Builder builder(String title, String... columns) {
    return new Builder(title, List.of(columns));
  }

  public static final class Builder {
    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    private Builder(String title, List<String> columns) {
      this.title = title;
      this.columns = columns;
    }

    /** Cells are formatted with toString; doubles with 4 significant decimals. */
    public Builder row(Object... cells) {
      List<String> r = new ArrayList<>();
      for (Object c : cells) r.add(c instanceof Double || c instanceof Float ? format(((Number) c).doubleValue()) : String.valueOf(c));
      rows.add(r);
      return this;
    }

    public Table build() {
      return new Table(title, columns, rows);
    }
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
    if (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0)) return String.format(java.util.Locale.ROOT, "%.3e", v);
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  public String toText() {
    int[] w = new int[columns.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = columns.get(c).length();
      for (List<String> r : rows) w[c] = Math.max(w[c], r.get(c).length());
    }
    StringBuilder sb = new StringBuilder(title).append('\n');
    line(sb, columns, w);
    for (int c = 0; c < w.length; c++) sb.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
    sb.append('\n');
    for (List<String> r : rows) line(sb, r, w);
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    for (int c = 0; c < w.length; c++) {
      String s = cells.get(c);
      sb.append(c == 0 ? "" : "  ").append(s).append(" ".repeat(w[c] - s.length()));
    }
    sb.append('\n');
  }
}
