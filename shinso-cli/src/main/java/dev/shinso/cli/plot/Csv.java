package dev.shinso.cli.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** CSV cells as RFC 4180 writes them; numbers in full precision (shortest round-trip form). */
public final class Csv {
  private Csv() {}

  /**
   * The rows of a file this project wrote (plain cells, no quoting) under the given header line, each
   * parsed by parse; none when the file is absent. Another header, or a row parse rejects, is an
   * IOException that names the file and says what it expected (what: e.g. "a training log").
   */
  public static <R> List<R> readRows(Path file, String header, String what, Function<String[], R> parse)
      throws IOException {
    List<R> rows = new ArrayList<>();
    if (!Files.exists(file)) return rows;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(header)) {
      throw new IOException(file + ": not " + what + " (its first line is not '" + header + "')");
    }
    for (String line : lines.subList(1, lines.size())) {
      try {
        rows.add(parse.apply(line.split(",")));
      } catch (RuntimeException e) {
        throw new IOException(file + ": cannot read the row '" + line + "'", e);
      }
    }
    return rows;
  }

  /** Quotes a text cell when it holds a comma, quote or line break. */
  public static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Java's shortest representation that reads back to the same double (NaN and Infinity as Java spells them). */
  public static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
