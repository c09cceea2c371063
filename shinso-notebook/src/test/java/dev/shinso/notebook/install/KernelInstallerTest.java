package dev.shinso.notebook.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {
  @TempDir Path tmp;

  private final KernelSpec spec = new KernelSpec(Path.of("/jdk/bin/java"), List.of(Path.of("/r/a.jar")));

  @Test
  void withoutJupyterItFailsSayingHowToGetIt() {
    assertThatThrownBy(() -> KernelInstaller.install(spec, tmp.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Jupyter is not installed: no 'jupyter' command on the PATH.")
        .hasMessageContaining("apt-get install jupyter-nbconvert");
  }

  @Test
  void writesKernelJsonIntoTheDataDirJupyterNames() throws Exception {
    Path data = tmp.resolve("data dir");
    fakeJupyter("echo '" + data + "'");
    Path dir = KernelInstaller.install(spec, "/nonexistent:" + tmp.resolve("bin"));
    assertThat(dir).isEqualTo(data.resolve("kernels/shinso"));
    assertThat(Files.readString(dir.resolve("kernel.json"))).isEqualTo(spec.json());
  }

  @Test
  void aJupyterThatFailsIsReported() throws Exception {
    fakeJupyter("echo 'broken install' >&2; exit 3");
    assertThatThrownBy(() -> KernelInstaller.install(spec, tmp.resolve("bin").toString()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("--data-dir failed (exit 3): broken install");
  }

  private void fakeJupyter(String body) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path jupyter = bin.resolve("jupyter");
    Files.writeString(jupyter, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(jupyter, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
