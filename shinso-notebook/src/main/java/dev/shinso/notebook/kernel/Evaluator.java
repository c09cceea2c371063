package dev.shinso.notebook.kernel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates notebook cells with JShell, whatever the frontend: the kernel calls it for Jupyter, the
 * tests call it directly. A cell may hold any number of statements, declarations and expressions; it
 * runs them in order, stops at the first that fails (a {@link CellError}) and returns the value of
 * its last expression when that is written without a closing semicolon ({@code t.sum()} shows the
 * sum, {@code System.out.printf(...);} does not show the PrintStream printf returns).
 *
 * <p>Cells share one JShell: what a cell declares, later cells see. JShell runs in this JVM, so cells
 * see this JVM's class path (shinso, the lecture, {@code Display} and {@code Progress}) and modules
 * ({@code jdk.incubator.vector}, which the kernel is started with); the compiler gets the same.
 */
public final class Evaluator implements AutoCloseable {
  /** The value a cell ended with (its object may be null: an expression can be). */
  public record Value(Object object) {}

  /** Completion: replace [start, end) of the cell by one of the options. */
  public record Completion(int start, int end, List<String> options) {}

  public enum State { COMPLETE, INCOMPLETE, INVALID }

  /** What jshell imports at start-up, so that List, Map, streams and files need no import. */
  private static final List<String> IMPORTS = List.of("java.io.*", "java.math.*", "java.nio.file.*", "java.util.*",
      "java.util.function.*", "java.util.stream.*");

  private final CapturingExecution execution = new CapturingExecution();
  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  /** Snippet id to the cell and line it came from, for stack traces that reach into earlier cells. */
  private final Map<String, Traces.Origin> origins = new ConcurrentHashMap<>();
  private volatile boolean stopRequested;

  /** classPath: what cells compile against, normally this JVM's own ({@code java.class.path}). */
  public Evaluator(String classPath) {
    shell = JShell.builder()
        .executionEngine(execution, Map.of())
        .compilerOptions("--add-modules", "jdk.incubator.vector")
        .build();
    shell.addToClasspath(classPath);
    analysis = shell.sourceCodeAnalysis();
    for (String i : IMPORTS) shell.eval("import " + i + ";");
  }

  /**
   * Runs a cell; cellNumber is its execution count, which errors use to name it ({@code In [3]}).
   * Returns the value of its last snippet when that is an expression (not an assignment or a
   * declaration) without a closing semicolon, else null.
   *
   * @throws CellError when a snippet does not compile, throws, or the cell is interrupted
   */
  public Value eval(String cell, int cellNumber) {
    stopRequested = false;
    Value last = null;
    for (CellSource.Piece piece : CellSource.split(analysis, cell)) {
      if (stopRequested) throw CellError.interrupted();
      SnippetEvent event = shell.eval(piece.source()).stream().filter(e -> e.causeSnippet() == null)
          .findFirst().orElseThrow(() -> new IllegalStateException("JShell gave no event for " + piece.source()));
      Object value = execution.takeValue();
      origins.put(event.snippet().id(), new Traces.Origin(cellNumber, CellSource.lineOf(cell, piece.offset())));
      // An interrupted snippet ends normally (JShell's stop) or with whatever the interrupt made it throw.
      if (stopRequested) throw CellError.interrupted();
      if (event.status() == Snippet.Status.REJECTED) {
        throw CompileErrors.of(shell.diagnostics(event.snippet()).toList(), cell, piece);
      }
      if (event.exception() != null) throw error(event.exception());
      last = piece.withoutSemicolon() && hasValue(event.snippet()) ? new Value(value) : null;
    }
    return last;
  }

  /** Stops the running cell (from another thread): the kernel's interrupt. The JShell stays usable. */
  public void stop() {
    stopRequested = true;
    shell.stop();
  }

  /**
   * Completion at cursor (a char index into code) from JShell's analysis, which reads the whole cell
   * before the cursor: names the cell declares above the cursor count even before it runs.
   */
  public Completion complete(String code, int cursor) {
    int[] anchor = new int[1];
    List<String> options = analysis.completionSuggestions(code.substring(0, cursor), cursor, anchor).stream()
        .sorted(Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> !s.matchesType())) // stable: JShell's order otherwise
        .map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct()
        .toList();
    return new Completion(anchor[0], cursor, options);
  }

  /**
   * The signatures and javadoc of the method the cursor is on (on its name or inside its parentheses),
   * or of the class: each overload's signature, then its documentation when JShell finds the source.
   */
  public List<String> documentation(String code, int cursor) {
    int end = cursor;
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++; // the whole name
    if (end < code.length() && code.charAt(end) == '(') end++; // on a method's name: document its call
    int start = CellSource.startOfLast(analysis, code.substring(0, cursor));
    // Unlike completion, JShell documents only the one snippet it is given.
    return analysis.documentation(code.substring(start, end), end - start, true).stream()
        .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc().strip())
        .toList();
  }

  /** Whether the code could run as it is: what a console asks before it sends a line. */
  public State state(String code) {
    int start = CellSource.startOfLast(analysis, code);
    Completeness c = analysis.analyzeCompletion(code.substring(start)).completeness();
    return switch (c) {
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> State.INCOMPLETE;
      case UNKNOWN -> State.INVALID;
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> State.COMPLETE;
    };
  }

  @Override
  public void close() {
    shell.close();
  }

  /** An expression has a value to show, as a last line in IPython; assignments and declarations do not. */
  private static boolean hasValue(Snippet s) {
    return switch (s) {
      case ExpressionSnippet e -> e.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND;
      case VarSnippet v -> v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
      default -> false;
    };
  }

  private CellError error(JShellException e) {
    if (e instanceof UnresolvedReferenceException u) {
      String missing = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
      String message = describe(u.getSnippet()) + " cannot be used until " + missing + " is declared";
      return Traces.of(e, "UnresolvedReference", message, origins::get);
    }
    EvalException ee = (EvalException) e;
    return Traces.of(e, ee.getExceptionClassName(), ee.getMessage(), origins::get);
  }

  private static String describe(DeclarationSnippet s) {
    return switch (s) {
      case MethodSnippet m -> "method " + m.name() + "(" + m.parameterTypes() + ")";
      case VarSnippet v -> "variable " + v.name();
      default -> s.kind().name().toLowerCase(java.util.Locale.ROOT).replace("type_decl", "type") + " " + s.name();
    };
  }
}
