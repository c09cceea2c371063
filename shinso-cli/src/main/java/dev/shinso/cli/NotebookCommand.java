package dev.shinso.cli;

import dev.shinso.notebook.install.KernelInstaller;
import dev.shinso.notebook.install.KernelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shinso notebook}: the Jupyter kernel for the lecture's notebooks. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
    description = "The Jupyter kernel \"" + KernelSpec.DISPLAY_NAME + "\" for the notebooks in notebooks/.",
    subcommands = {NotebookCommand.Install.class})
final class NotebookCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = {"Install the kernel \"" + KernelSpec.DISPLAY_NAME + "\" into your Jupyter (kernels/"
          + KernelSpec.NAME + " under `jupyter --data-dir`; JUPYTER_DATA_DIR chooses another place).",
          "It runs this JDK and the jars ./shinso built: run it again after moving the checkout or the JDK."})
  static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final String path;

    Install() {
      this(System.getenv("PATH"));
    }

    /** path: where to look for jupyter (tests give their own). */
    Install(String path) {
      this.path = path;
    }

    @Override
    public Integer call() throws IOException {
      KernelSpec kernel = KernelSpec.ofThisJvm();
      Path dir = KernelInstaller.install(kernel, path);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("installed the Jupyter kernel \"%s\" in %s%n", KernelSpec.DISPLAY_NAME, dir);
      out.printf("  java: %s%n  class path: %d entries%n", kernel.java(), kernel.classPath().size());
      out.println("open a notebook: jupyter notebook notebooks/ (or jupyter lab), and pick that kernel");
      out.flush();
      return 0;
    }
  }
}
