package dev.shinso.io;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to resume training exactly: the model's, the optimiser's and the schedule's
 * state dicts, the random generator's state and the number of finished epochs. Stored as one
 * safetensors file (sections under the prefixes {@code model.}, {@code optimizer.},
 * {@code scheduler.}; scalars in the metadata), written atomically, so a crash mid-save keeps the
 * previous checkpoint and a PyTorch user can open the weights.
 *
 * <p>{@code rng_state} is {@link dev.shinso.tensor.Generator#getState}: {magic, seed, offset}. Files
 * written before the Philox generator hold a SplitMix64 state instead; {@code Generator.setState}
 * accepts it by reseeding, so resuming from such a file goes on with a fresh stream, not bit for bit.
 */
public record Checkpoint(
    Map<String, Tensor> model,
    Map<String, Tensor> optimizer,
    Map<String, Tensor> scheduler,
    long[] rngState,
    int epoch,
    Map<String, String> metadata) {

  /** More finished epochs than any run makes: a larger count is a damaged or forged file (and +1 must not overflow). */
  static final int MAX_EPOCH = 1_000_000;
  private static final String MODEL = "model.", OPTIMIZER = "optimizer.", SCHEDULER = "scheduler.", RNG = "rng_state";

  public void save(Path file) throws IOException {
    Map<String, Tensor> all = new LinkedHashMap<>();
    model.forEach((k, v) -> all.put(MODEL + k, v));
    optimizer.forEach((k, v) -> all.put(OPTIMIZER + k, v));
    scheduler.forEach((k, v) -> all.put(SCHEDULER + k, v));
    all.put(RNG, Tensor.wrap(rngState.clone()));
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("format", "shinso-checkpoint");
    meta.put("epoch", Integer.toString(epoch));
    SafeTensors.save(all, meta, file);
  }

  public static Checkpoint load(Path file) throws IOException {
    SafeTensors.Contents c = SafeTensors.load(file);
    if (!"shinso-checkpoint".equals(c.metadata().get("format"))) {
      throw new IOException("checkpoint " + file + ": not a shinso checkpoint (metadata format="
          + c.metadata().get("format") + "); to load bare weights use SafeTensors.load");
    }
    Map<String, Tensor> model = new LinkedHashMap<>(), optimizer = new LinkedHashMap<>(), scheduler = new LinkedHashMap<>();
    long[] rng = null;
    for (var e : c.tensors().entrySet()) {
      String k = e.getKey();
      if (k.startsWith(MODEL)) model.put(k.substring(MODEL.length()), e.getValue());
      else if (k.startsWith(OPTIMIZER)) optimizer.put(k.substring(OPTIMIZER.length()), e.getValue());
      else if (k.startsWith(SCHEDULER)) scheduler.put(k.substring(SCHEDULER.length()), e.getValue());
      else if (k.equals(RNG)) rng = e.getValue().toLongArray();
      else throw new IOException("checkpoint " + file + ": unexpected tensor '" + k + "'");
    }
    if (rng == null) throw new IOException("checkpoint " + file + ": no " + RNG);
    if (rng.length != 3) {
      throw new IOException("checkpoint " + file + ": " + RNG + " must hold the generator's 3 longs, got " + rng.length);
    }
    String epochText = c.metadata().get("epoch");
    if (epochText == null) throw new IOException("checkpoint " + file + ": no metadata epoch");
    int epoch;
    try {
      epoch = Integer.parseInt(epochText);
    } catch (NumberFormatException e) {
      // quoted, so that an empty or blank value shows
      throw new IOException("checkpoint " + file + ": metadata epoch is not a number: \"" + epochText + "\"");
    }
    if (epoch < 0 || epoch > MAX_EPOCH) {
      throw new IOException("checkpoint " + file + ": metadata epoch " + epoch + " is not a count of finished epochs (0 to "
          + MAX_EPOCH + ")");
    }
    Map<String, String> meta = new LinkedHashMap<>(c.metadata());
    meta.remove("format");
    meta.remove("epoch");
    return new Checkpoint(model, optimizer, scheduler, rng, epoch, meta);
  }
}
