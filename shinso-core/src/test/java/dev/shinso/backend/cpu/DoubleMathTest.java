package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.backend.UnaryOp;
import org.junit.jupiter.api.Test;

/** The float64 scalar math against CPython's math module (values from math.erfc, printed with repr). */
class DoubleMathTest {
  /** (x, math.erfc(x)) across both branches: the series below 2.5, the continued fraction above. */
  private static final double[][] ERFC = {
      {-3, 1.9999779095030015}, {-1, 1.842700792949715}, {-0.5, 1.5204998778130465}, {0, 1.0},
      {0.3, 0.6713732405408726}, {1, 0.15729920705028513}, {2.4, 0.0006885138966450789},
      {2.6, 0.00023603441652934908}, {5, 1.5374597944280351e-12}, {10, 2.088487583762545e-45},
      {26, 5.663192408856143e-296}};

  @Test
  void erfcHasDoublePrecisionOnBothBranches() {
    for (double[] c : ERFC) {
      assertThat(DoubleMath.erfc(c[0])).as("erfc(%s)", c[0]).isCloseTo(c[1], within(Math.abs(c[1]) * 4e-15));
    }
    assertThat(DoubleMath.erfc(Double.NaN)).isNaN();
    assertThat(DoubleMath.erfc(Double.POSITIVE_INFINITY)).isZero();
    assertThat(DoubleMath.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
  }

  /** 0.5·x·math.erfc(−x/√2), the exact GELU, to double precision (a float erfc would be off by 1e-7). */
  @Test
  void geluMatchesTheExactFormula() {
    double[][] cases = {{-3, -0.004049694094890287}, {-1, -0.15865525393145707}, {0.5, 0.34573123063700656},
        {2, 1.9544997361036416}};
    for (double[] c : cases) {
      assertThat(DoubleMath.apply(UnaryOp.GELU, c[0], 0, 0)).as("gelu(%s)", c[0])
          .isCloseTo(c[1], within(Math.abs(c[1]) * 4e-15));
    }
  }

  /** GELU_GRAD is the derivative of GELU: a central difference in double agrees to 1e-9. */
  @Test
  void geluGradIsTheDerivativeOfGelu() {
    for (double x = -6; x <= 6; x += 0.37) {
      double h = 1e-5;
      double numeric = (DoubleMath.apply(UnaryOp.GELU, x + h, 0, 0) - DoubleMath.apply(UnaryOp.GELU, x - h, 0, 0)) / (2 * h);
      assertThat(DoubleMath.apply(UnaryOp.GELU_GRAD, x, 0, 0)).as("gelu'(%s)", x).isCloseTo(numeric, within(1e-9));
    }
  }
}
