package dev.shinso.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see the old content or the new one, never a part: write a temp
 * file beside the target, fsync it, rename it over the target, fsync the directory. A crash at any
 * point leaves the old file intact. Temp files are named {@code .<name>.<pid>-<n>.tmp}; one whose
 * process is gone (a killed run's) is removed at the next write into its folder. The new file gets
 * the permissions a plain write would give it (the umask applies), and a failure names the file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What to write into the stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      removeStaleTemporaries(dir);
      temp = newTemporary(dir, target.getFileName().toString());
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      // "No space left on device" alone names no file.
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) Files.deleteIfExists(temp);
    }
  }

  /**
   * A new empty temp file for target, named and cleaned up as this class's own (for writers that
   * need a path rather than a stream, such as an HTTP download); the caller moves it into place.
   */
  public static Path temporaryFor(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(dir);
    return newTemporary(dir, target.getFileName().toString());
  }

  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)-\\d+\\.tmp");

  /** Created, not copied from a template, so that the umask sets its permissions as for any new file. */
  private static Path newTemporary(Path dir, String name) throws IOException {
    while (true) {
      Path temp = dir.resolve("." + name + "." + PID + "-" + COUNTER.incrementAndGet() + ".tmp");
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        // left by an earlier process with the same pid: take the next number
      }
    }
  }

  /** Deletes our temp files in dir whose writing process has ended (killed mid-write). */
  static void removeStaleTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path f : files) {
        Matcher m = TEMPORARY.matcher(f.getFileName().toString());
        if (!m.matches()) continue;
        long pid;
        try {
          pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != PID && ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(f);
      }
    }
  }

  /** Makes the rename durable; not every platform can open a directory, which is fine. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort: the file itself is already synced
    }
  }
}
