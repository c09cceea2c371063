package dev.shinso.distributed;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a data-parallel diffusion run trains, the settings of {@code shinso diffusion train} for a
 * number of replicas; serializable, so an engine such as Spark can ship it to its tasks.
 *
 * @param data            the Fashion-MNIST folder, readable by every replica
 * @param limit           train on the first this many training images (0: all 60,000)
 * @param epochs          epochs to train in all (a resumed run trains the rest)
 * @param batch           the global batch size, cut into one shard per replica
 * @param lr              Adam's learning rate
 * @param baseChannels    U-Net channels at full resolution
 * @param channelMult     channel multiplier per level
 * @param groups          GroupNorm groups
 * @param conditional     conditioned on the 10 classes (with label dropout pUncond), or not
 * @param pUncond         how often a label is dropped in training
 * @param schedule        noise schedule: linear or cosine
 * @param timesteps       diffusion steps T
 * @param ema             decay of the weights' moving average
 * @param seed            fixes the initial weights, the batch order and the noise
 * @param threads         intra-op threads of each replica
 * @param out             the folder, readable and writable by every replica, for the checkpoints
 * @param checkpointEvery rank 0 writes {@code last.safetensors} every this many steps and at each epoch's end
 * @param timeoutSeconds  how long a collective waits for a silent replica before failing, naming it
 * @param run             the run's id: a checkpoint of another run is never resumed
 */
public record DataParallelDiffusionSpec(String data, int limit, int epochs, int batch, double lr, int baseChannels,
    int[] channelMult, int groups, boolean conditional, double pUncond, String schedule, int timesteps, double ema,
    long seed, int threads, String out, int checkpointEvery, int timeoutSeconds, String run) implements Serializable {
  public DataParallelDiffusionSpec {
    if (limit < 0 || epochs < 1 || batch < 1 || threads < 1 || checkpointEvery < 1 || timeoutSeconds < 1) {
      throw new IllegalArgumentException("DataParallelDiffusionSpec: epochs, batch, threads, checkpointEvery and "
          + "timeoutSeconds must be positive, limit non-negative; got epochs " + epochs + ", batch " + batch
          + ", threads " + threads + ", checkpointEvery " + checkpointEvery + ", timeoutSeconds " + timeoutSeconds
          + ", limit " + limit);
    }
    channelMult = channelMult.clone();
  }

  @Override
  public int[] channelMult() {
    return channelMult.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataParallelDiffusionSpec s && toString().equals(s.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "DataParallelDiffusionSpec[data=" + data + ", limit=" + limit + ", epochs=" + epochs + ", batch=" + batch
        + ", lr=" + lr + ", baseChannels=" + baseChannels + ", channelMult=" + Arrays.toString(channelMult) + ", groups="
        + groups + ", conditional=" + conditional + ", pUncond=" + pUncond + ", schedule=" + schedule + ", timesteps="
        + timesteps + ", ema=" + ema + ", seed=" + seed + ", threads=" + threads + ", out=" + out + ", checkpointEvery="
        + checkpointEvery + ", timeoutSeconds=" + timeoutSeconds + ", run=" + run + "]";
  }
}
