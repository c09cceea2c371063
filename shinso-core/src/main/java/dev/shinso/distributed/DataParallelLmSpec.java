package dev.shinso.distributed;

import java.io.Serializable;

/**
 * What a data-parallel language-model run trains, the settings of {@code shinso lm train} for a
 * number of replicas; serializable, so an engine such as Spark can ship it to its tasks.
 *
 * @param corpus         a UTF-8 text file every replica reads, or {@code classpath:NAME} for a resource on
 *                       the replicas' class path (the CLI's bundled corpus)
 * @param layers         transformer blocks
 * @param heads          attention heads
 * @param dim            embedding width, a multiple of heads
 * @param context        characters of context
 * @param steps          optimiser steps in all (a resumed run trains the rest)
 * @param batch          the global batch in windows, split evenly among the replicas
 * @param lr             peak learning rate of AdamW
 * @param warmup         linear warm-up steps before the cosine decay
 * @param weightDecay    AdamW weight decay on matrices
 * @param evalEvery      steps between validation checks; rank 0 writes metrics.csv and the checkpoints at each
 * @param evalChars      validation characters scored at the checks (0: all); the final check scores all
 * @param seed           fixes the initial weights and the windows drawn
 * @param threads        intra-op threads of each replica
 * @param out            the folder, readable and writable by every replica, for metrics and checkpoints
 * @param timeoutSeconds how long a collective waits for a silent replica before failing, naming it
 * @param run            the run's id: a checkpoint of another run is never resumed
 */
public record DataParallelLmSpec(String corpus, int layers, int heads, int dim, int context, int steps, int batch, double lr,
    int warmup, double weightDecay, int evalEvery, int evalChars, long seed, int threads, String out, int timeoutSeconds,
    String run) implements Serializable {
  public static final String CLASSPATH = "classpath:";

  public DataParallelLmSpec {
    if (layers < 1 || heads < 1 || dim < 1 || context < 1 || steps < 1 || batch < 1 || !(lr > 0) || warmup < 0
        || !(weightDecay >= 0) || evalEvery < 1 || evalChars < 0 || threads < 1 || timeoutSeconds < 1 || dim % heads != 0) {
      throw new IllegalArgumentException("DataParallelLmSpec: layers, heads, dim, context, steps, batch, lr, evalEvery, "
          + "threads and timeoutSeconds must be positive, warmup, weightDecay and evalChars non-negative, dim a multiple "
          + "of heads; got layers " + layers + ", heads " + heads + ", dim " + dim + ", context " + context + ", steps "
          + steps + ", batch " + batch + ", lr " + lr + ", warmup " + warmup + ", weightDecay " + weightDecay
          + ", evalEvery " + evalEvery + ", evalChars " + evalChars + ", threads " + threads + ", timeoutSeconds "
          + timeoutSeconds);
    }
  }
}
