package dev.shinso.notebook.kernel;

import java.util.List;

/**
 * Why a cell failed, as Jupyter shows it: a name, a one-line value and the traceback lines (the
 * compiler's diagnostics with the cell's lines, or the exception with its trace trimmed to the cell).
 */
public final class CellError extends RuntimeException {
  private final String name;
  private final List<String> traceback;

  CellError(String name, String value, List<String> traceback) {
    super(value, null, false, false);
    this.name = name;
    this.traceback = List.copyOf(traceback);
  }

  /** Stopped by an interrupt; what ran before it keeps its effect. */
  static CellError interrupted() {
    String value = "the cell was stopped; what it defined before that point is kept";
    return new CellError("Interrupted", value, List.of("Interrupted: " + value));
  }

  /** Jupyter's {@code ename}: the exception's simple class name, {@code CompileError} or {@code Interrupted}. */
  public String name() {
    return name;
  }

  /** Jupyter's {@code evalue}. */
  public String value() {
    return getMessage();
  }

  public List<String> traceback() {
    return traceback;
  }

  /** The traceback as one text, as a terminal would print it. */
  @Override
  public String toString() {
    return String.join("\n", traceback);
  }
}
