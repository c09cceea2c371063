package dev.shinso.cuda.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cuDNN search over fake folders: found, not found, and only another version there. */
class CudnnLookupTest {
  @TempDir Path root;

  @Test
  void findsThePipPackageInsideAPythonsSitePackages() throws IOException {
    Path lib = touch("usr/local/lib/python3.12/dist-packages/nvidia/cudnn/lib/libcudnn.so.9");
    touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");  // later in the order
    CudnnLookup.Result r = new CudnnLookup(Map.of(), root).find();
    assertThat(r.library()).contains(lib);
    assertThat(r.reason()).isEqualTo("found " + lib);
  }

  @Test
  void activeEnvironmentsAndTheLoaderPathComeFirst() throws IOException {
    Path venv = root.resolve("venv");
    Path inVenv = touch("venv/lib/python3.11/site-packages/nvidia/cudnn/lib/libcudnn.so.9");
    touch("usr/lib/python3/dist-packages/nvidia/cudnn/lib/libcudnn.so.9");  // "python3" is a Python folder too
    assertThat(new CudnnLookup(Map.of("VIRTUAL_ENV", venv.toString()), root).find().library()).contains(inVenv);
    Path onLd = touch("ld/libcudnn.so.9");
    Map<String, String> env = Map.of("VIRTUAL_ENV", venv.toString(), "LD_LIBRARY_PATH", "::" + root.resolve("ld") + ":");
    assertThat(new CudnnLookup(env, root).find().library()).contains(onLd);
    Path named = touch("mine/libcudnn.so.9");
    env = Map.of("LD_LIBRARY_PATH", root.resolve("ld").toString(), "SHINSO_CUDNN_DIR", root.resolve("mine").toString());
    assertThat(new CudnnLookup(env, root).find().library()).contains(named);
  }

  @Test
  void aSystemLinkToTheVersionedFileCounts() throws IOException {
    Path real = touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9.10.2");
    Path link = Files.createSymbolicLink(real.resolveSibling("libcudnn.so.9"), real.getFileName());
    assertThat(new CudnnLookup(Map.of(), root).find().library()).contains(link);
  }

  @Test
  void notFoundSaysWhereItLooked() throws IOException {
    Files.createDirectories(root.resolve("usr/lib/python3.12/site-packages/nvidia/cublas/lib"));
    CudnnLookup lookup = new CudnnLookup(Map.of("CUDA_HOME", root.resolve("cuda").toString()), root);
    CudnnLookup.Result r = lookup.find();
    assertThat(r.library()).isEmpty();
    assertThat(lookup.folders()).contains(root.resolve("usr/lib/python3.12/site-packages/nvidia/cudnn/lib"),
        root.resolve("cuda/lib64"), root.resolve("usr/lib/x86_64-linux-gnu"));
    assertThat(r.reason()).startsWith("libcudnn.so.9 not found in " + lookup.folders().size() + " folders (")
        .contains("site-packages/nvidia/cudnn/lib").doesNotContain("found only");
  }

  @Test
  void anotherVersionIsNamedButNotTaken() throws IOException {
    Path old = touch("usr/lib/x86_64-linux-gnu/libcudnn.so.8");
    CudnnLookup.Result r = new CudnnLookup(Map.of(), root).find();
    assertThat(r.library()).isEmpty();
    assertThat(r.reason()).endsWith("; found only " + old + ", which shinso does not bind");
    assertThatThrownBy(() -> Cudnn.load(r)).isInstanceOf(IllegalStateException.class).hasMessage(r.reason());
  }

  @Test
  void aFileThatIsNotALibraryFailsToLoadWithItsPath() throws IOException {
    Path fake = touch("usr/lib/libcudnn.so.9");
    Files.writeString(fake, "not an ELF file");
    CudnnLookup.Result r = new CudnnLookup(Map.of(), root).find();
    assertThatThrownBy(() -> Cudnn.load(r)).isInstanceOf(IllegalStateException.class)
        .hasMessage(fake + " is not a shared library (no ELF header)");
  }

  @Test
  void onlyCudnn9sVersionNumbersPass() {
    Path lib = Path.of("/x/libcudnn.so.9");
    Cudnn.checkVersion(lib, 91002);
    assertThat(Cudnn.versionString(91002)).isEqualTo("9.10.2");
    assertThatThrownBy(() -> Cudnn.checkVersion(lib, 8902))
        .hasMessage("/x/libcudnn.so.9 is cuDNN 8.9.2, not 9: shinso binds cuDNN 9's API");
    assertThatThrownBy(() -> Cudnn.checkVersion(lib, 100100)).hasMessageContaining("is cuDNN 10.1.0, not 9");
  }

  private Path touch(String relative) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.exists(p) ? p : Files.createFile(p);
  }
}
