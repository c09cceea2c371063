package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Philox;
import dev.shinso.tensor.RandomBits;
import dev.shinso.tensor.Tensor;

/**
 * Random fills by the element → counter mapping of {@code Backend.random}. Element i depends only
 * on (seed, start offset, i), so a fill is split over the intra-op pool by ranges of counters and
 * is the same for any thread count.
 */
final class RandomKernels {
  /** Counters per chunk below which a hand-off costs more than it saves (a counter is ~20 multiplies). */
  private static final int GRAIN = 2048;
  /** Counters whose words are computed together before they are decoded. */
  private static final int TILE = 256;

  private RandomKernels() {}

  static void random(RandomKind kind, Tensor dst, double p, double q, Generator g) {
    if (dst.dtype() == DType.INT64 && kind != RandomKind.INTEGER) {
      throw new IllegalArgumentException("random: " + kind + " cannot fill an int64 tensor " + dst.shapeString());
    }
    int n = dst.numel();
    int perCounter = kind == RandomKind.UNIFORM || kind == RandomKind.BERNOULLI ? 4 : 2;
    int counters = (int) ((n + (long) perCounter - 1) / perCounter);
    Generator.Counters seedAndStart = g.reserveCounters(counters);
    int off = dst.offset();
    switch (kind) {
      case UNIFORM -> {
        float[] d = floats(dst);
        forTiles(counters, seedAndStart, (c, words, count) -> {
          for (int i = 4 * c, end = Math.min(n, 4 * (c + count)), k = 0; i < end; i++, k++) {
            d[off + i] = (float) (p + (q - p) * RandomBits.uniform(words[k]));
          }
        });
      }
      case BERNOULLI -> {
        float[] d = floats(dst);
        forTiles(counters, seedAndStart, (c, words, count) -> {
          for (int i = 4 * c, end = Math.min(n, 4 * (c + count)), k = 0; i < end; i++, k++) {
            d[off + i] = RandomBits.uniform(words[k]) < p ? 1f : 0f;
          }
        });
      }
      case NORMAL -> {
        float[] d = floats(dst);
        forTiles(counters, seedAndStart, (c, words, count) -> {
          double[] z = new double[2];
          for (int i = 2 * c, end = Math.min(n, 2 * (c + count)), k = 0; i < end; i += 2, k += 4) {
            RandomBits.normalPair(words, k, z);
            d[off + i] = (float) (p + q * z[0]);
            if (i + 1 < end) d[off + i + 1] = (float) (p + q * z[1]);
          }
        });
      }
      case INTEGER -> {
        long lo = (long) p, span = (long) q - lo; // read as unsigned by remainderUnsigned
        if (dst.dtype() == DType.INT64) {
          long[] d = longs(dst);
          forTiles(counters, seedAndStart, (c, words, count) -> {
            for (int i = 2 * c, end = Math.min(n, 2 * (c + count)), k = 0; i < end; i++, k += 2) {
              d[off + i] = lo + Long.remainderUnsigned(RandomBits.join(words[k], words[k + 1]), span);
            }
          });
        } else {
          float[] d = floats(dst);
          forTiles(counters, seedAndStart, (c, words, count) -> {
            for (int i = 2 * c, end = Math.min(n, 2 * (c + count)), k = 0; i < end; i++, k += 2) {
              d[off + i] = lo + Long.remainderUnsigned(RandomBits.join(words[k], words[k + 1]), span);
            }
          });
        }
      }
    }
  }

  /** Bernoulli draws with per-element probabilities: element i is 1 when the BERNOULLI fill's u_i < p_i. */
  static Tensor bernoulli(Tensor probabilities, Generator g) {
    float[] p = CpuBackend.INSTANCE.toFloatArray(probabilities);
    Tensor out = empty(DType.FLOAT32, probabilities.shapeArray());
    float[] d = floats(out);
    int n = p.length, counters = (n + 3) / 4;
    forTiles(counters, g.reserveCounters(counters), (c, words, count) -> {
      for (int i = 4 * c, end = Math.min(n, 4 * (c + count)), k = 0; i < end; i++, k++) {
        d[i] = RandomBits.uniform(words[k]) < p[i] ? 1f : 0f;
      }
    });
    return out;
  }

  /**
   * Runs {@code task} over [0, counters) in tiles: for each, the words of counters start + c ..
   * start + c + count − 1, four per counter, in {@code words[0 .. 4·count)}.
   */
  private static void forTiles(int counters, Generator.Counters seedAndStart, TileTask task) {
    long seed = seedAndStart.seed(), start = seedAndStart.start();
    IntraOpPool.parallelFor(counters, GRAIN, (c0, c1) -> {
      int[] words = new int[4 * TILE];
      for (int c = c0; c < c1; c += TILE) {
        int count = Math.min(TILE, c1 - c);
        for (int j = 0; j < count; j++) Philox.block(seed, start + c + j, words, 4 * j);
        task.run(c, words, count);
      }
    });
  }

  @FunctionalInterface
  private interface TileTask {
    void run(int c, int[] words, int count);
  }
}
