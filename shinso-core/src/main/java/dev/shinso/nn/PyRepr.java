package dev.shinso.nn;

import java.math.BigDecimal;

/** Python's repr of the values modules print, so that {@code toString} reads exactly like PyTorch's. */
final class PyRepr {
  private PyRepr() {}

  /** Python's repr of a float: shortest digits, scientific below 1e-4 and from 1e16 (1e-05, 0.1, 1.0). */
  static String of(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
    String plain = d.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  static String of(boolean b) {
    return b ? "True" : "False";
  }

  /** A Python tuple of ints: (10,) or (3, 4). */
  static String tuple(int[] values) {
    if (values.length == 1) return "(" + values[0] + ",)";
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) sb.append(i > 0 ? ", " : "").append(values[i]);
    return sb.append(')').toString();
  }
}
