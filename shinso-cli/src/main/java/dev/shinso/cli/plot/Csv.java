package dev.shinso.cli.plot;

/** CSV cells as RFC 4180 writes them; numbers in full precision (shortest round-trip form). */
public final class Csv {
  private Csv() {}

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
