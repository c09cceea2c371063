package dev.shinso.notebook.kernel;

import dev.shinso.notebook.Display;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

/**
 * The Jupyter kernel "shinso (Java 25)": jjava-jupyter speaks the protocol, an {@link Evaluator}
 * runs the cells. Started by Jupyter with the connection file as its argument (see the kernelspec
 * that {@code shinso notebook install} writes); interrupts arrive as messages on the control
 * channel ({@code interrupt_mode: message}), since a signal would end the JVM.
 */
public final class Kernel extends BaseKernel {
  private final Evaluator evaluator;
  private final KernelIO kernelIO;

  private Kernel(Evaluator evaluator, KernelIO io) {
    super("shinso", version(), new LanguageInfo.Builder("java").version(Runtime.version().toString())
            .mimetype("text/x-java").fileExtension(".java").pygments("java").codemirror("text/x-java").build(),
        List.of(), null, io, new CommManager(), new Renderer(), null, null, false, new StringStyler.Builder().build());
    this.evaluator = evaluator;
    this.kernelIO = io;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java ... " + Kernel.class.getName() + " CONNECTION_FILE (Jupyter starts the kernel)");
      System.exit(2);
    }
    // Before jjava-jupyter's first logger: its debug chatter off, its warnings on the kernel's stderr.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.setProperty("java.awt.headless", "true"); // figures are drawn to PNG, never to a screen
    KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JupyterConnection connection = new JupyterConnection(properties);
    try (Evaluator evaluator = new Evaluator(System.getProperty("java.class.path"))) {
      KernelIO io = new KernelIO();
      Kernel kernel = new Kernel(evaluator, io);
      kernel.onStartup();
      Display.attach(new NotebookFrontend(io));
      kernel.becomeHandlerForConnection(connection);
      connection.connect();
      connection.waitUntilClose();
    }
    System.exit(0); // threads a cell started must not keep a shut-down kernel alive
  }

  /**
   * BaseKernel's execute handler, but with the errors of a cell as the cell shows them (the
   * exception's own name, the trace trimmed to the cell) and with what the cell printed flushed
   * before the result.
   */
  @Override
  protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
    commManager.setMessageContext(message);
    ExecuteRequest request = message.getContent();
    int count = executionCount.getAndIncrement();
    env.setBusyDeferIdle();
    env.publish(new PublishExecuteInput(request.getCode(), count));
    replaceOutputStreams(env);
    kernelIO.attach(env, request.isStdinEnabled());
    env.defer(() -> kernelIO.detach(env));
    try {
      Evaluator.Value value = evaluator.eval(request.getCode(), count);
      kernelIO.flush();
      if (value != null) env.publish(new PublishExecuteResult(count, Renderers.render(value.object())));
      env.defer().reply(new ExecuteReply(count, Map.of()));
    } catch (CellError e) {
      replyError(env, count, e.name(), e.value(), e.traceback());
    } catch (RuntimeException e) { // the kernel's own failure (a figure that cannot be drawn, say): say what
      replyError(env, count, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), List.of(e.toString()));
    }
  }

  private void replyError(ShellReplyEnvironment env, int count, String name, String value, List<String> traceback) {
    kernelIO.flush();
    env.publish(new PublishError(name, value, traceback));
    ErrorReply reply = new ErrorReply(name, value, traceback);
    reply.setExecutionCount(count);
    env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
  }

  /** Unused: cells go through handleExecuteRequest, which needs the evaluator's own errors. */
  @Override
  public Object evalRaw(String source) {
    Evaluator.Value v = evaluator.eval(source, executionCount.get());
    return v == null ? null : Renderers.render(v.object());
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    List<String> docs = evaluator.documentation(code, charIndex(code, at));
    return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    Evaluator.Completion c = evaluator.complete(code, charIndex(code, at));
    return new ReplacementOptions(c.options(), codePoints(code, c.start()), codePoints(code, c.end()));
  }

  @Override
  public String isComplete(String code) {
    return switch (evaluator.state(code)) {
      case COMPLETE -> IS_COMPLETE_YES;
      case INVALID -> IS_COMPLETE_BAD;
      case INCOMPLETE -> "    "; // the indent of the next line
    };
  }

  @Override
  public void interrupt() {
    evaluator.stop();
  }

  /** Jupyter counts cursor positions in code points, Java strings in chars. */
  private static int charIndex(String code, int codePoints) {
    return code.offsetByCodePoints(0, Math.min(codePoints, code.codePointCount(0, code.length())));
  }

  private static int codePoints(String code, int charIndex) {
    return code.codePointCount(0, charIndex);
  }

  private static String version() {
    String v = Kernel.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
