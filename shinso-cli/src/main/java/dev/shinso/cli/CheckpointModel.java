package dev.shinso.cli;

import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import java.io.IOException;
import java.nio.file.Path;

/** A reference model with a checkpoint's weights; its name is the checkpoint's metadata {@code model} unless given. */
public record CheckpointModel(String name, Module net, Checkpoint checkpoint) {

  /** modelName null: the one the checkpoint names (shinso train writes it). The model is in eval mode, on the CPU. */
  public static CheckpointModel load(Path file, String modelName) throws IOException {
    Checkpoint c = Checkpoint.load(file);
    String name = modelName != null ? modelName : c.metadata().get("model");
    if (name == null) {
      throw new IllegalArgumentException("checkpoint " + file + " does not say which model it holds (no 'model' in its "
          + "metadata); name it with --model " + String.join("|", Models.NAMES));
    }
    FiniteWeights.require(c.model(), file);
    Module net = Models.create(name);
    try {
      net.loadStateDict(c.model(), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not hold a " + name + " model: " + e.getMessage(), e);
    }
    net.eval();
    return new CheckpointModel(name, net, c);
  }
}
