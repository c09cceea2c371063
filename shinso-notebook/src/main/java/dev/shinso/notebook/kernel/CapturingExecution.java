package dev.shinso.notebook.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine (snippets run in the kernel's JVM, so a cell's value reaches the
 * kernel as the object itself, a figure to draw, not its string) that keeps the last value a snippet
 * returned.
 *
 * <p>Local because interrupting works there: {@code JShell.stop()} makes every loop and method entry
 * of cell code throw (JShell weaves a check into the cell's classes) and interrupts the cell's
 * threads, and the kernel stays up. Code inside shinso's own methods is not woven: a long library call
 * finishes before the cell stops, unless it reports to a {@code Progress}, which checks the interrupt.
 */
final class CapturingExecution extends LocalExecutionControlProvider {
  /** The snippet method being run and, once it returned, its value; handed to the snippet thread. */
  private static final InheritableThreadLocal<Call> CALL = new InheritableThreadLocal<>();
  private static final Method RUN_CALL;

  static {
    try {
      RUN_CALL = CapturingExecution.class.getDeclaredMethod("runCall");
      RUN_CALL.setAccessible(true); // invoked from jdk.jshell, which cannot see this class
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final class Call {
    final Method snippet;
    Object value;

    Call(Method snippet) {
      this.snippet = snippet;
    }
  }

  private volatile Control control;

  @Override
  public ExecutionControl createExecutionControl(ExecutionEnv env, Map<String, String> parameters) {
    control = new Control();
    return control;
  }

  /** The value the last snippet returned (null for none), forgotten once taken so it can be collected. */
  Object takeValue() {
    Object v = control.value;
    control.value = null;
    return v;
  }

  /**
   * Runs the pending snippet method on the thread LocalExecutionControl starts for it (which inherits
   * CALL) and keeps its value; the snippet's exception passes through as if it had been called directly.
   */
  private static Object runCall() throws Throwable {
    Call call = CALL.get();
    try {
      call.value = call.snippet.invoke(null);
      return call.value;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class Control extends LocalExecutionControl {
    volatile Object value;

    /** LocalExecutionControl runs the given static no-argument method on a thread of its own; it gets runCall. */
    @Override
    protected String invoke(Method snippet) throws Exception {
      Call call = new Call(snippet);
      CALL.set(call);
      try {
        String shown = super.invoke(RUN_CALL);
        value = call.value;
        return shown;
      } finally {
        CALL.remove();
      }
    }
  }
}
