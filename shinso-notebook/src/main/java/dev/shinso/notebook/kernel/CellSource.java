package dev.shinso.notebook.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * A cell's text cut into the snippets JShell evaluates one at a time (statements, declarations,
 * expressions), each with where it starts in the cell, so that errors can name the cell's own lines.
 */
final class CellSource {
  /**
   * One snippet: its source as JShell gets it, the offset in the cell where that source starts, and
   * whether the cell wrote it without a closing semicolon, as a last expression whose value the cell
   * shows is written.
   */
  record Piece(String source, int offset, boolean withoutSemicolon) {}

  private CellSource() {}

  /**
   * The cell's snippets in order. Leading blank lines and comments are left out of each source, since
   * JShell numbers a snippet's lines from its first token; a tail that is incomplete or not Java is
   * the last piece as it is, so that evaluating it reports the error.
   */
  static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
    List<Piece> pieces = new ArrayList<>();
    int at = 0;
    while (at < cell.length()) {
      int start = skipTrivia(cell, at);
      if (start == cell.length()) break;
      String rest = cell.substring(start);
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.completeness() == Completeness.EMPTY) break;
      if (!info.completeness().isComplete() || info.source() == null) {
        pieces.add(new Piece(rest, start, false));
        break;
      }
      int end = cell.length() - info.remaining().length();
      pieces.add(new Piece(info.source(), start, !cell.substring(start, end).strip().endsWith(";")));
      at = end;
    }
    return pieces;
  }

  /**
   * Where the snippet being typed at the end of a prefix of the cell starts: what completion and
   * documentation look at. The start of the prefix's last incomplete snippet, or its end when all is complete.
   */
  static int startOfLast(SourceCodeAnalysis analysis, String prefix) {
    int at = 0;
    while (true) {
      int start = skipTrivia(prefix, at);
      if (start == prefix.length()) return start;
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(prefix.substring(start));
      if (!info.completeness().isComplete() || info.remaining().isEmpty()) return start;
      at = prefix.length() - info.remaining().length();
    }
  }

  /** The 1-based line of a character offset in the text. */
  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  /** The offset after whitespace and comments from {@code at}. */
  static int skipTrivia(String s, int at) {
    int i = at;
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
      } else if (s.startsWith("//", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl + 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) return i; // an unclosed comment is the snippet's error to report
        i = end + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
