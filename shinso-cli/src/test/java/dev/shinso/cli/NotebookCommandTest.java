package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotebookCommandTest {
  @TempDir Path tmp;

  /** The command line with `notebook install` looking for jupyter on the given PATH only. */
  private Cli.Run install(String path) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == NotebookCommand.Install.class ? cls.cast(new NotebookCommand.Install(path))
            : CommandLine.defaultFactory().create(cls);
      }
    };
    return Cli.run(factory, "notebook", "install");
  }

  @Test
  void withoutJupyterInstallFailsWithOneClearLine() {
    Cli.Run r = install(tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("shinso notebook install: Jupyter is not installed: no 'jupyter' command on the PATH.");
  }

  @Test
  void installWritesTheKernelspecWhereJupyterKeepsItsData() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin")), data = tmp.resolve("data");
    Path jupyter = bin.resolve("jupyter");
    Files.writeString(jupyter, "#!/bin/sh\necho '" + data + "'\n");
    Files.setPosixFilePermissions(jupyter, PosixFilePermissions.fromString("rwxr-xr-x"));
    Cli.Run r = install(bin.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("installed the Jupyter kernel \"shinso (Java 25)\" in " + data.resolve("kernels/shinso"));
    String json = Files.readString(data.resolve("kernels/shinso/kernel.json"));
    assertThat(json).contains("\"display_name\": \"shinso (Java 25)\"", "\"interrupt_mode\": \"message\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "dev.shinso.notebook.kernel.Kernel");
  }
}
