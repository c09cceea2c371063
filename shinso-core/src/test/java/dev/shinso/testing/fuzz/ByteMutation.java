package dev.shinso.testing.fuzz;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One blind change to a file's bytes. Positions and lengths are taken modulo the current length, so
 * any list of mutations applies to any file and jqwik can shrink a failing list freely.
 */
public sealed interface ByteMutation {
  byte[] apply(byte[] in);

  record FlipBit(int at, int bit) implements ByteMutation {
    public byte[] apply(byte[] in) {
      if (in.length == 0) return in;
      byte[] out = in.clone();
      out[at % in.length] ^= (byte) (1 << bit);
      return out;
    }
  }

  /** Writes the low width bytes of value, big- or little-endian: a length, size or offset made hostile. */
  record SetNumber(int at, long value, int width, boolean bigEndian) implements ByteMutation {
    public byte[] apply(byte[] in) {
      if (in.length == 0) return in;
      byte[] out = in.clone();
      int start = at % in.length;
      for (int i = 0; i < width && start + i < out.length; i++) {
        int shift = 8 * (bigEndian ? width - 1 - i : i);
        out[start + i] = (byte) (value >>> shift);
      }
      return out;
    }

    @Override
    public String toString() {
      return "SetNumber[at=" + at + ", value=" + value + ", width=" + width + (bigEndian ? ", big" : ", little") + "]";
    }
  }

  record Truncate(int length) implements ByteMutation {
    public byte[] apply(byte[] in) {
      return Arrays.copyOf(in, length % (in.length + 1));
    }
  }

  record Delete(int at, int length) implements ByteMutation {
    public byte[] apply(byte[] in) {
      if (in.length == 0) return in;
      int from = at % in.length, to = Math.min(in.length, from + length);
      byte[] out = new byte[in.length - (to - from)];
      System.arraycopy(in, 0, out, 0, from);
      System.arraycopy(in, to, out, from, in.length - to);
      return out;
    }
  }

  record Insert(int at, byte[] bytes) implements ByteMutation {
    public byte[] apply(byte[] in) {
      int pos = at % (in.length + 1);
      byte[] out = new byte[in.length + bytes.length];
      System.arraycopy(in, 0, out, 0, pos);
      System.arraycopy(bytes, 0, out, pos, bytes.length);
      System.arraycopy(in, pos, out, pos + bytes.length, in.length - pos);
      return out;
    }

    @Override
    public String toString() {
      return "Insert[at=" + at + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** Repeats a range in place: chunks or entries appear twice. */
  record Duplicate(int at, int length) implements ByteMutation {
    public byte[] apply(byte[] in) {
      if (in.length == 0) return in;
      int from = at % in.length, to = Math.min(in.length, from + length);
      return new Insert(to, Arrays.copyOfRange(in, from, to)).apply(in);
    }
  }

  public static byte[] apply(List<ByteMutation> mutations, byte[] in) {
    for (ByteMutation m : mutations) in = m.apply(in);
    return in;
  }

  /** Values that break size arithmetic: zero, ±1, sign bits, 2^31, 2^32, a terabyte, the maxima. */
  public static Arbitrary<Long> hostileNumbers() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(0L, 1L, -1L, 0x7FL, 0x80L, 0xFFL, 0x7FFFL, 0x8000L, 0xFFFFL)),
        Tuple.of(4, Arbitraries.of(0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE,
            Long.MIN_VALUE)),
        Tuple.of(2, Arbitraries.longs().between(0, 4096)),
        Tuple.of(1, Arbitraries.longs()));
  }

  /**
   * Mutations whose positions fall mostly within the first hotBytes (where a format keeps its header)
   * and otherwise anywhere in the file.
   */
  public static Arbitrary<ByteMutation> arbitrary(int hotBytes) {
    Arbitrary<Integer> at = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, hotBytes - 1)),
        Tuple.of(1, Arbitraries.integers().between(0, Integer.MAX_VALUE)));
    Arbitrary<Integer> length = Arbitraries.integers().between(1, 64);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(FlipBit::new)),
        Tuple.of(4, Combinators.combine(at, hostileNumbers(), Arbitraries.of(1, 2, 4, 8), Arbitraries.of(true, false))
            .as(SetNumber::new)),
        Tuple.of(2, Arbitraries.integers().between(0, Integer.MAX_VALUE).map(Truncate::new)),
        Tuple.of(1, Combinators.combine(at, length).as(Delete::new)),
        Tuple.of(1, Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
            .as(Insert::new)),
        Tuple.of(1, Combinators.combine(at, length).as(Duplicate::new)));
  }

  /** A list of mutations, most often one or two: enough to break a file, few enough to leave it recognisable. */
  public static Arbitrary<List<ByteMutation>> lists(int hotBytes) {
    return arbitrary(hotBytes).list().ofMinSize(1).ofMaxSize(4);
  }
}
