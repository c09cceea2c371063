package dev.shinso.notebook.kernel;

import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/** JupyterIO with its attach and detach reachable from the kernel, which runs execute requests itself. */
final class KernelIO extends JupyterIO {
  KernelIO() {
    super(StandardCharsets.UTF_8);
  }

  void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
    setEnv(env);
    setJupyterInEnabled(stdinEnabled);
  }

  void detach(ShellReplyEnvironment env) {
    retractEnv(env);
  }

  /** Sends what cells printed so far, so that it comes before what is displayed next. */
  void flush() {
    out.flush();
    err.flush();
  }
}
