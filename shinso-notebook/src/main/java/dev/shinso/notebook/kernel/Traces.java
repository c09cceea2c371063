package dev.shinso.notebook.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * An exception from a cell as Java prints it, trimmed to what the cell's author wrote or called:
 * frames in cell code name the cell and its line ({@code at square(In [3], line 2)}); frames of shinso
 * and the JDK that the cell called stay as they are; JShell's and the kernel's own frames, which
 * run the cell, are left out.
 */
final class Traces {
  /** Where a snippet came from: the cell's execution count and the cell line its source starts on. */
  record Origin(int cell, int firstLine) {}

  private static final List<String> INTERNAL = List.of("jdk.jshell.", "jdk.internal.reflect.", "java.lang.reflect.",
      "java.lang.Thread.", "dev.shinso.notebook.kernel.");

  private Traces() {}

  /**
   * The error for an exception a snippet threw, named className with the message. JShell gives its
   * trace already translated: cell frames have the file name {@code #id} (the snippet) and lines
   * within the snippet, and nothing below the outermost cell frame. originOf maps a snippet id to its
   * cell (null for one it does not know).
   */
  static CellError of(JShellException e, String className, String message, Function<String, Origin> originOf) {
    List<String> lines = new ArrayList<>();
    lines.add(message == null ? className : className + ": " + message);
    frames(e, originOf, lines);
    for (Throwable cause = e.getCause(); cause instanceof JShellException c; cause = c.getCause()) {
      lines.add("Caused by: " + header(c));
      frames(c, originOf, lines);
    }
    return new CellError(className.substring(className.lastIndexOf('.') + 1), message == null ? "" : message, lines);
  }

  /** "java.lang.ArithmeticException: / by zero", as Throwable.toString writes it. */
  static String header(JShellException e) {
    String cls = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
    return e.getMessage() == null ? cls : cls + ": " + e.getMessage();
  }

  private static void frames(JShellException e, Function<String, Origin> originOf, List<String> lines) {
    for (StackTraceElement f : e.getStackTrace()) {
      String file = f.getFileName();
      if (file != null && file.startsWith("#")) {
        lines.add("\tat " + cellFrame(f, originOf.apply(file.substring(1))));
      } else if (INTERNAL.stream().noneMatch(f.getClassName()::startsWith)) {
        lines.add("\tat " + f);
      }
    }
  }

  /** A frame in cell code: its class (for a class the cell declared) and method, or {@code <cell>} for top-level code. */
  private static String cellFrame(StackTraceElement f, Origin origin) {
    String method = f.getMethodName().isEmpty() ? "<cell>" : f.getMethodName();
    String name = f.getClassName().isEmpty() ? method : f.getClassName() + "." + method;
    if (origin == null) return name + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    return name + "(In [" + origin.cell() + "], line " + (origin.firstLine() + f.getLineNumber() - 1) + ")";
  }
}
