package dev.shinso.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.shinso.tensor.Tensor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The evaluator alone, no Jupyter: what a cell runs, shows and reports. */
class EvaluatorTest {
  private static Evaluator evaluator;
  private static int cells;

  @BeforeAll
  static void start() {
    evaluator = new Evaluator(System.getProperty("java.class.path"));
  }

  @AfterAll
  static void close() {
    evaluator.close();
  }

  private static Evaluator.Value run(String cell) {
    return evaluator.eval(cell, ++cells);
  }

  @Test
  void aCellRunsSeveralStatementsAndDeclarationsAndShowsItsLastExpression() {
    Evaluator.Value v = run("""
        int twice(int n) {
          return 2 * n;
        }
        // a comment between snippets
        int a = twice(3);
        a += 1;
        record Point(int x, int y) {}
        new Point(a, twice(a))""");
    assertThat(v.object()).hasToString("Point[x=7, y=14]");
    assertThat(run("a").object()).isEqualTo(7); // later cells see what earlier ones declared
  }

  @Test
  void declarationsAssignmentsAndStatementsShowNothing() {
    assertThat(run("int b = 5;")).isNull();
    assertThat(run("b = 6;")).isNull();
    assertThat(run("System.out.print(\"\");")).isNull();
    assertThat(run("Object nothing = null;\nnothing").object()).isNull(); // an expression can be null
  }

  @Test
  void aClosingSemicolonHidesTheValueAsInIPython() {
    assertThat(run("1 + 1;")).isNull();
    assertThat(run("System.out.printf(\"%d%n\", 1);")).isNull(); // not the PrintStream printf returns
    assertThat(run("int c = 3;\nc * 2").object()).isEqualTo(6);
  }

  @Test
  void aTensorIsTheObjectItselfAndShowsAsItsToString() {
    Evaluator.Value v = run("""
        import dev.shinso.tensor.Tensor;
        Tensor t = Tensor.ones(2, 3).mul(2f);
        t.sum()""");
    assertThat(v.object()).isInstanceOf(Tensor.class);
    assertThat(Renderers.render(v.object()).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN))
        .isEqualTo(v.object().toString()).asString().startsWith("tensor(12.");
  }

  @Test
  void aCompileErrorNamesTheCellsLineAndMarksTheCode() {
    CellError e = catchThrowableOfType(CellError.class, () -> run("""
        int ok = 1;

        int bad = "text";
        int never = 2;"""));
    assertThat(e.name()).isEqualTo("CompileError");
    assertThat(e.value()).isEqualTo("line 3: incompatible types: java.lang.String cannot be converted to int");
    assertThat(e.traceback()).containsExactly(
        "line 3: incompatible types: java.lang.String cannot be converted to int",
        "    int bad = \"text\";",
        "              ^----^");
    assertThatThrownBy(() -> run("never")).isInstanceOf(CellError.class) // the cell stopped at its error
        .hasMessageContaining("cannot find symbol");
  }

  @Test
  void anExceptionShowsItsTraceTrimmedToTheCell() {
    run("""
        int divide(int n) {
          int d = 0;
          return n / d;
        }""");
    int cell = cells + 1;
    CellError e = catchThrowableOfType(CellError.class, () -> run("""
        int x = 1;
        x = divide(x);"""));
    assertThat(e.name()).isEqualTo("ArithmeticException");
    assertThat(e.value()).isEqualTo("/ by zero");
    assertThat(e.traceback()).containsExactly(
        "java.lang.ArithmeticException: / by zero",
        "\tat divide(In [" + (cell - 1) + "], line 3)",
        "\tat <cell>(In [" + cell + "], line 2)");
  }

  @Test
  void anExceptionFromShinsoKeepsTheLibraryFramesAboveTheCellButNoInternals() {
    int cell = cells + 1;
    CellError e = catchThrowableOfType(CellError.class, () -> run("""
        import dev.shinso.tensor.Tensor;
        Tensor.ones(2, 3)
            .matmul(Tensor.ones(2, 3));"""));
    assertThat(e.name()).isEqualTo("IllegalArgumentException");
    assertThat(e.traceback().getFirst()).startsWith("java.lang.IllegalArgumentException: ").contains("matmul");
    // the line of the call that threw, not of the statement's start
    assertThat(e.traceback().getLast()).isEqualTo("\tat <cell>(In [" + cell + "], line 3)");
    assertThat(e.traceback()).anyMatch(l -> l.startsWith("\tat dev.shinso."))
        .noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect") || l.contains("notebook.kernel"));
  }

  @Test
  void aCauseIsShownToo() {
    CellError e = catchThrowableOfType(CellError.class,
        () -> run("throw new IllegalStateException(\"outer\", new RuntimeException(\"inner\"));"));
    assertThat(e.traceback()).contains("java.lang.IllegalStateException: outer", "Caused by: java.lang.RuntimeException: inner");
  }

  @Test
  void aMethodWithAnUndeclaredNameSaysWhatItWaitsFor() {
    run("void later() { notYet++; }");
    CellError e = catchThrowableOfType(CellError.class, () -> run("later();"));
    assertThat(e.name()).isEqualTo("UnresolvedReference");
    assertThat(e.value()).isEqualTo("method later() cannot be used until variable notYet is declared");
    run("int notYet = 0;");
    run("later();");
    assertThat(run("notYet").object()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void interruptingAnEndlessLoopStopsItAndTheNextCellRuns() throws Exception {
    Probe.spins = 0;
    CompletableFuture<Evaluator.Value> loop = CompletableFuture.supplyAsync(() -> run("""
        while (true) { dev.shinso.notebook.kernel.Probe.spins++; }
        dev.shinso.notebook.kernel.Probe.spins = -1;"""));
    while (Probe.spins == 0) Thread.sleep(10);
    assertThat(loop).isNotDone();
    evaluator.stop();
    assertThat(loop).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(CellError.class).extracting(c -> ((CellError) c).name()).isEqualTo("Interrupted");
    assertThat(Probe.spins).isPositive(); // the line after the loop never ran
    assertThat(run("1 + 1").object()).isEqualTo(2);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void interruptingALoopOfTensorOpsStopsItAndShinsoStillWorks() throws Exception {
    Probe.spins = 0;
    CompletableFuture<Evaluator.Value> loop = CompletableFuture.supplyAsync(() -> run("""
        dev.shinso.tensor.Tensor w = dev.shinso.tensor.Tensor.randn(128, 128);
        while (true) {
          w = w.matmul(dev.shinso.tensor.Tensor.randn(128, 128)).tanh();
          dev.shinso.notebook.kernel.Probe.spins++;
        }"""));
    while (Probe.spins < 3) Thread.sleep(10);
    evaluator.stop();
    assertThat(loop).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(CellError.class);
    assertThat(run("dev.shinso.tensor.Tensor.ones(64, 64).matmul(dev.shinso.tensor.Tensor.ones(64, 64)).sum().item()")
        .object()).isEqualTo(64f * 64 * 64);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aLongLibraryCallStopsAtItsNextProgressUpdate() throws Exception {
    Probe.spins = 0;
    CompletableFuture<Evaluator.Value> call = CompletableFuture.supplyAsync(() -> run("""
        var progress = dev.shinso.notebook.Progress.start("steps", 1_000_000_000);
        dev.shinso.notebook.kernel.Probe.spinWith(progress::step);"""));
    while (Probe.spins < 1000) Thread.sleep(10);
    evaluator.stop();
    assertThat(call).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(CellError.class).extracting(c -> ((CellError) c).name()).isEqualTo("Interrupted");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void interruptingASleepStopsTheCellToo() {
    CompletableFuture<Evaluator.Value> sleep = CompletableFuture.supplyAsync(() -> run("Thread.sleep(600_000);"));
    try {
      Thread.sleep(Duration.ofMillis(500));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    evaluator.stop();
    assertThat(sleep).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(CellError.class);
    assertThat(run("\"alive\"").object()).isEqualTo("alive");
  }

  @Test
  void completionSuggestsMembersEvenOfWhatTheCellDeclaresAboveTheCursor() {
    String code = "int a = 1;\nString s = \"abc\";\ns.toUpper";
    Evaluator.Completion c = evaluator.complete(code, code.length());
    assertThat(c.options()).containsExactly("toUpperCase(");
    assertThat(c.start()).isEqualTo(code.length() - "toUpper".length());
    assertThat(c.end()).isEqualTo(code.length());
    run("import dev.shinso.tensor.Tensor;"); // imports count once run (JShell reads only declarations ahead)
    String shinso = "Tensor t = Tensor.zer";
    assertThat(evaluator.complete(shinso, shinso.length()).options()).contains("zeros(", "zerosLike(");
  }

  @Test
  void documentationGivesTheSignaturesOfTheMethodAtTheCursor() {
    String code = "int k = 0;\nint m = Math.max(1, 2);";
    assertThat(evaluator.documentation(code, code.indexOf("max") + 1)) // on the name
        .anyMatch(d -> d.startsWith("int Math.max(int a, int b)\nReturns the greater of two"));
    assertThat(evaluator.documentation(code, code.indexOf("2)"))) // inside the parentheses
        .anyMatch(d -> d.startsWith("int Math.max(int a, int b)"));
  }

  @Test
  void stateTellsCompleteFromIncompleteCode() {
    assertThat(evaluator.state("int a = 1;")).isEqualTo(Evaluator.State.COMPLETE);
    assertThat(evaluator.state("for (int i = 0; i < 3; i++) {")).isEqualTo(Evaluator.State.INCOMPLETE);
  }
}
