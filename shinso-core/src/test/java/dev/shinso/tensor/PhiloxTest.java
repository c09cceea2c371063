package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhiloxTest {
  /**
   * The three "philox4x32 10" lines of Random123's known-answer file (DEShawResearch/random123,
   * tests/kat_vectors): counter (4 words), key (2 words), then the expected output (4 words).
   */
  private static final int[][][] KAT = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000}, {0x00000000, 0x00000000},
        {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
        {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
        {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };

  @Test
  void matchesRandom123KnownAnswers() {
    for (int[][] v : KAT) {
      assertThat(Philox.philox4x32(v[0], v[1])).containsExactly(v[2]);
    }
  }

  @Test
  void blockIsTheCounterValueUnderTheSeedKey() {
    long seed = 0x299f31d0a4093822L, c = 0x85a308d3243f6a88L;
    int[] out = new int[6];
    Philox.block(seed, c, out, 2);
    assertThat(java.util.Arrays.copyOfRange(out, 2, 6)).containsExactly(
        Philox.philox4x32(new int[] {0x243f6a88, 0x85a308d3, 0, 0}, new int[] {0xa4093822, 0x299f31d0}));
    assertThat(out[0]).isZero(); // nothing written outside out[at .. at+3]
    assertThat(out[1]).isZero();

    Philox.block(0, 0, out, 0);
    assertThat(java.util.Arrays.copyOf(out, 4)).containsExactly(KAT[0][2]);
  }

  @Test
  void rejectsWrongSizes() {
    assertThatThrownBy(() -> Philox.philox4x32(new int[3], new int[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Philox.philox4x32: counter must have 4 words and key 2, got 3 and 2");
  }
}
