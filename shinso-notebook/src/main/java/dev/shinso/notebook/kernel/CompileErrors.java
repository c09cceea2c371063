package dev.shinso.notebook.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;

/** A snippet's compile errors as javac prints them, with the line of the cell and a caret under the code. */
final class CompileErrors {
  private CompileErrors() {}

  /**
   * The error for a rejected snippet: each diagnostic as "line N: message", the cell's line and a
   * marker under the span it names. Positions are JShell's, relative to the piece's source.
   */
  static CellError of(List<Diag> diagnostics, String cell, CellSource.Piece piece) {
    List<String> lines = new ArrayList<>();
    String first = null;
    for (Diag d : diagnostics) {
      if (!d.isError()) continue;
      int start = position(d.getStartPosition(), d.getPosition(), piece);
      int end = Math.max(start, position(d.getEndPosition(), start - piece.offset(), piece));
      int line = CellSource.lineOf(cell, start);
      String message = d.getMessage(Locale.ROOT);
      String head = "line " + line + ": " + message.lines().findFirst().orElse("");
      if (first == null) first = head;
      lines.add(head);
      message.lines().skip(1).forEach(m -> lines.add("    " + m.strip()));
      lines.addAll(marked(cell, start, end));
    }
    if (first == null) { // rejected without an error (JShell has no such case today): say so rather than nothing
      first = "line " + CellSource.lineOf(cell, piece.offset()) + ": JShell rejected this code";
      lines.add(first);
    }
    return new CellError("CompileError", first, lines);
  }

  /** A diagnostic position in the cell: JShell's NOPOS (-1) falls back, and an offset past the code is clamped. */
  private static int position(long pos, long fallback, CellSource.Piece piece) {
    long p = pos >= 0 ? pos : Math.max(0, fallback);
    return piece.offset() + (int) Math.min(p, piece.source().length());
  }

  /** The cell's line holding start, and under it ^ at start (^---^ to the end when the span is longer). */
  private static List<String> marked(String cell, int start, int end) {
    int lineStart = cell.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = cell.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = cell.length();
    String text = cell.substring(lineStart, lineEnd);
    int col = Math.min(start - lineStart, text.length());
    int last = Math.min(end, lineEnd) - lineStart - 1; // the span's last column on this line
    // The indent copies the line's tabs so that the caret lands under the code however tabs are shown.
    StringBuilder marker = new StringBuilder();
    for (int i = 0; i < col; i++) marker.append(text.charAt(i) == '\t' ? '\t' : ' ');
    marker.append('^');
    if (last > col) marker.append("-".repeat(last - col - 1)).append('^');
    return List.of("    " + text, "    " + marker);
  }
}
