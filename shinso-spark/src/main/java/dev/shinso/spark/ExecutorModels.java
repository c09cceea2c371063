package dev.shinso.spark;

import dev.shinso.cli.CheckpointModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.broadcast.Broadcast;

/**
 * The model of a broadcast checkpoint, decoded once per executor JVM however many tasks and
 * partitions the executor runs: keyed by the broadcast's id, which is unique within an application.
 */
final class ExecutorModels {
  private ExecutorModels() {}

  private static long cachedId = -1;
  private static CheckpointModel cached;
  private static int decoded;  // for tests: how often get() decoded

  /** One model at a time: a new broadcast (the next prediction job) replaces the last, so none leaks. */
  static synchronized CheckpointModel get(Broadcast<byte[]> checkpoint, String model) {
    if (cachedId != checkpoint.id()) {
      cached = decode(checkpoint.value(), model);
      cachedId = checkpoint.id();
      decoded++;
    }
    return cached;
  }

  static synchronized int decoded() {
    return decoded;
  }

  /** Checkpoint.load reads files: the bytes go through a temporary one, deleted at once. */
  static CheckpointModel decode(byte[] checkpoint, String model) {
    try {
      Path file = Files.createTempFile("shinso-checkpoint", ".safetensors");
      try {
        Files.write(file, checkpoint);
        return CheckpointModel.load(file, model);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the broadcast checkpoint: " + e.getMessage(), e);
    }
  }
}
