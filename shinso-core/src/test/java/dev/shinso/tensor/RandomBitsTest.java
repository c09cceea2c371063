package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomBitsTest {
  @Test
  void uniformUsesTheTop24BitsAndNeverReachesOne() {
    assertThat(RandomBits.uniform(0)).isZero();
    assertThat(RandomBits.uniform(0xFF)).isZero(); // the low 8 bits are dropped
    assertThat(RandomBits.uniform(0x100)).isEqualTo(0x1.0p-24f);
    assertThat(RandomBits.uniform(0x80000000)).isEqualTo(0.5f); // read as unsigned
    assertThat(RandomBits.uniform(0xFFFFFFFF)).isEqualTo(1 - 0x1.0p-24f).isLessThan(1f);
  }

  @Test
  void joinReadsTheLowWordAsUnsigned() {
    assertThat(RandomBits.join(0xFFFFFFFF, 0)).isEqualTo(0xFFFFFFFFL);
    assertThat(RandomBits.join(0x89ABCDEF, 0x01234567)).isEqualTo(0x0123456789ABCDEFL);
    assertThat(RandomBits.join(-1, -1)).isEqualTo(-1L);
  }

  @Test
  void normalPairStaysFiniteAtTheExtremes() {
    double[] z = new double[2];
    // u1 smallest (2^-53): the largest radius, √(106 ln 2) ≈ 8.57; u2 = 0: θ = 0
    RandomBits.normalPair(new int[] {0, 0, 0, 0}, 0, z);
    assertThat(z[0]).isEqualTo(Math.sqrt(-2 * Math.log(0x1.0p-53)));
    assertThat(z[1]).isZero();
    // u1 = 1: radius 0
    RandomBits.normalPair(new int[] {-1, -1, 7, 7}, 0, z);
    assertThat(z[0]).isZero();
    assertThat(z[1]).isZero();
    // u1 = 1/2 + 2^-53 and u2 = 1/4: θ = π/2, so the pair is (≈0, r)
    RandomBits.normalPair(new int[] {9, 9, 0, 0x80000000, 0, 0x40000000}, 2, z);
    double r = Math.sqrt(-2 * Math.log(0.5 + 0x1.0p-53));
    assertThat(z[0]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(z[1]).isEqualTo(r * Math.sin(Math.PI / 2));
  }
}
