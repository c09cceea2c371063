package dev.shinso.distributed;

import java.io.Serializable;

/**
 * What a data-parallel classifier run trains, the settings of {@code shinso train} for a number of
 * replicas; serializable, so an engine such as Spark can ship it to its tasks.
 *
 * @param model           a reference model's name (mlp, cnn, resnet)
 * @param data            the Fashion-MNIST folder, readable by every replica
 * @param epochs          epochs to train in all (a resumed run trains the rest)
 * @param batch           the global batch size, cut into one shard per replica; 0 for the recipe's
 * @param lr              the learning rate; 0 for the recipe's
 * @param seed            fixes the initial weights and the batch order
 * @param threads         intra-op threads of each replica
 * @param out             the folder, readable and writable by every replica, for the checkpoints
 * @param checkpointEvery rank 0 writes {@code last.safetensors} every this many steps and at each epoch's end
 * @param timeoutSeconds  how long a collective waits for a silent replica before failing, naming it
 * @param run             the run's id: a checkpoint of another run is never resumed
 * @param trainLimit      train on the first this many training images (0: all 60,000), for short runs
 */
public record DataParallelSpec(String model, String data, int epochs, int batch, double lr, long seed, int threads,
    String out, int checkpointEvery, int timeoutSeconds, String run, int trainLimit) implements Serializable {
  public DataParallelSpec {
    if (epochs < 1 || trainLimit < 0 || batch < 0 || !(lr >= 0) || threads < 1 || checkpointEvery < 1 || timeoutSeconds < 1) {
      throw new IllegalArgumentException("DataParallelSpec: epochs, threads, checkpointEvery and timeoutSeconds must be"
          + " positive, batch, lr and trainLimit non-negative; got epochs " + epochs + ", batch " + batch + ", lr " + lr
          + ", threads " + threads + ", checkpointEvery " + checkpointEvery + ", timeoutSeconds " + timeoutSeconds
          + ", trainLimit " + trainLimit);
    }
  }
}
