package dev.shinso.cli;

import dev.shinso.io.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A training run's output folder, held for the run: created (so an unwritable folder fails before
 * any training) and locked, so that a second run on it fails at once naming the first one's pid
 * instead of mixing its files with it. The lock is released when the run ends, however it ends.
 */
public final class OutputFolder implements AutoCloseable {
  static final String LOCK = ".lock";
  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputFolder(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  public static OutputFolder open(Path dir) throws IOException {
    FileChannel ch;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("output folder " + dir + " cannot be written: " + e, e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;  // held by this process, by another run in it
    }
    if (lock == null) {
      String holder = new String(Files.readAllBytes(dir.resolve(LOCK)), StandardCharsets.UTF_8).strip();
      ch.close();
      throw new IllegalStateException("output folder " + dir + " is in use by another run (process "
          + (holder.isEmpty() ? "unknown" : holder) + "); wait for it to end or choose another --out");
    }
    ch.truncate(0).write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    ch.force(true);
    return new OutputFolder(dir, ch, lock);
  }

  /**
   * For a run that starts from nothing: when the folder holds any of these files of an earlier run,
   * refuses (nothing of it is lost) unless force, and with force deletes them, so that no earlier
   * file can pass for this run's.
   */
  public void startOver(boolean force, String... files) throws IOException {
    for (String f : files) {
      if (Files.exists(dir.resolve(f)) && !force) {
        throw new IllegalStateException("output folder " + dir + " holds an earlier run (" + f + "); choose another "
            + "--out, or pass --force to replace it");
      }
    }
    for (String f : files) Files.deleteIfExists(dir.resolve(f));
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /** The epoch a checkpoint in this folder holds, or -1 when there is none. */
  public int epochOf(String name) throws IOException {
    Path f = dir.resolve(name);
    return Files.isRegularFile(f) ? Checkpoint.load(f).epoch() : -1;
  }

  /** The test accuracy recorded in a checkpoint of this folder, or -infinity when there is none. */
  public double testAccuracyOf(String name) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) return Double.NEGATIVE_INFINITY;
    Map<String, String> meta = Checkpoint.load(f).metadata();
    String acc = meta.getOrDefault("history.test_acc", meta.get("test_acc"));
    return acc == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(acc);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
