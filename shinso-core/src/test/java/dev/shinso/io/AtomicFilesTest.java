package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void theFileGetsThePermissionsOfAPlainWrite() throws IOException {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Path plain = dir.resolve("plain.txt"), atomic = dir.resolve("atomic.txt");
    Files.writeString(plain, "x");
    AtomicFiles.write(atomic, out -> out.write('x'));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)))
        .as("not createTempFile's rw-------").isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
  }

  @Test
  void aFailureNamesTheFile() {
    Path target = dir.resolve("last.safetensors");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      throw new IOException("No space left on device");
    })).isInstanceOf(IOException.class).hasMessage("cannot write " + target + ": No space left on device");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void temporariesOfEndedProcessesAreRemovedAtTheNextWriteButNotLiveOnes() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path stale = dir.resolve(".last.safetensors." + ended.pid() + "-1.tmp");
    Path live = dir.resolve(".best.safetensors." + ProcessHandle.current().parent().orElseThrow().pid() + "-1.tmp");
    Path other = dir.resolve(".notes.tmp");
    for (Path p : new Path[] {stale, live, other}) Files.writeString(p, "partial");
    AtomicFiles.write(dir.resolve("metrics.csv"), out -> out.write('1'));
    assertThat(stale).doesNotExist();
    assertThat(live).as("its process still runs").exists();
    assertThat(other).as("not named as ours").exists();
    assertThat(dir.resolve("metrics.csv")).hasContent("1");
  }
}
