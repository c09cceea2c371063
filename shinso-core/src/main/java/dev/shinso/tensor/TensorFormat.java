package dev.shinso.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors as PyTorch does (torch/_tensor_str.py with the default print options): nested
 * brackets, columns padded to one width, 4 decimals (or "1." when every value is whole, scientific
 * notation for wide ranges), rows wrapped at 80 columns, and "..." with 3 edge items beyond 1000
 * elements; then shape, dtype and the autograd state.
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int LINE_WIDTH = 80;
  private static final int PRECISION = 4;

  private TensorFormat() {}

  static String format(Tensor t) {
    String prefix = "tensor(";
    StringBuilder sb = new StringBuilder(prefix);
    sb.append(values(t.detach(), prefix.length()));
    sb.append(", shape=").append(t.shapeString()).append(", dtype=").append(t.dtype());
    if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
    else if (t.requiresGrad()) sb.append(", requires_grad=true");
    return sb.append(')').toString();
  }

  /** The values part, as PyTorch's _tensor_str. */
  private static String values(Tensor t, int indent) {
    if (t.numel() == 0) return "[]";
    boolean summarize = t.numel() > THRESHOLD;
    List<Tensor> shown = new ArrayList<>();
    collect(t, summarize, shown);
    CellFormatter f = new CellFormatter(shown, t.dtype() == DType.INT64);
    return str(t, indent, summarize, f);
  }

  /** The 1-d (or 0-d) pieces the formatter sees: the edge items of every dim when summarising. */
  private static void collect(Tensor t, boolean summarize, List<Tensor> out) {
    if (t.dim() <= 1) {
      int n = t.dim() == 0 ? 1 : t.size(0);
      if (summarize && n > 2 * EDGE_ITEMS) {
        out.add(t.narrow(0, 0, EDGE_ITEMS));
        out.add(t.narrow(0, n - EDGE_ITEMS, EDGE_ITEMS));
      } else {
        out.add(t);
      }
      return;
    }
    int n = t.size(0);
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
      collect(t.select(0, i), summarize, out);
    }
  }

  private static String str(Tensor t, int indent, boolean summarize, CellFormatter f) {
    if (t.dim() == 0) return t.dtype() == DType.INT64 ? f.format(t.itemLong()) : f.format(t.itemDouble());
    if (t.dim() == 1) return vector(t, indent, summarize, f);
    int n = t.size(0);
    List<String> slices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
        slices.add("...");
        i = n - EDGE_ITEMS;
      }
      slices.add(str(t.select(0, i), indent + 1, summarize, f));
    }
    return "[" + String.join("," + "\n".repeat(t.dim() - 1) + " ".repeat(indent + 1), slices) + "]";
  }

  private static String vector(Tensor t, int indent, boolean summarize, CellFormatter f) {
    int elementLength = f.width + 2; // with ", "
    int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, elementLength));
    int n = t.size(0);
    List<String> data = new ArrayList<>();
    if (summarize && n > 2 * EDGE_ITEMS) {
      cells(t.narrow(0, 0, EDGE_ITEMS), f, data);
      data.add(" ...");
      cells(t.narrow(0, n - EDGE_ITEMS, EDGE_ITEMS), f, data);
    } else {
      cells(t, f, data);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < data.size(); i += perLine) {
      lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
    }
    return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
  }

  private static void cells(Tensor t, CellFormatter f, List<String> out) {
    if (t.dtype() == DType.INT64) {
      for (long v : t.toLongArray()) out.add(f.format(v));
    } else {
      for (double v : t.toDoubleArray()) out.add(f.format(v));
    }
  }

  /** PyTorch's _Formatter: picks integer, fixed or scientific mode and one width for all cells. */
  private static final class CellFormatter {
    private final boolean integral;
    private boolean intMode = true;
    private boolean sciMode;
    private int width = 1;

    CellFormatter(List<Tensor> shown, boolean integral) {
      this.integral = integral;
      if (integral) {
        for (Tensor t : shown) for (long v : t.toLongArray()) width = Math.max(width, Long.toString(v).length());
        return;
      }
      List<Double> finite = new ArrayList<>(); // the non-zero finite values decide the mode and the width
      for (Tensor t : shown) {
        for (double v : t.toDoubleArray()) if (Double.isFinite(v) && v != 0) finite.add(v);
      }
      if (finite.isEmpty()) return;
      double maxAbs = 0, minAbs = Double.MAX_VALUE;
      for (double v : finite) {
        if (v != Math.ceil(v)) intMode = false;
        maxAbs = Math.max(maxAbs, Math.abs(v));
        minAbs = Math.min(minAbs, Math.abs(v));
      }
      sciMode = maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!intMode && minAbs < 1e-4);
      for (double v : finite) width = Math.max(width, plain(v).length());
    }

    String format(long v) {
      return pad(Long.toString(v));
    }

    String format(double v) {
      return pad(plain(v));
    }

    private String pad(String s) {
      return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** The cell without padding: Python's "{:.4e}", "{:.0f}." or "{:.4f}" (exact value, ties to even). */
    private String plain(double v) {
      if (integral) return Long.toString((long) v);
      if (Double.isNaN(v)) return "nan";
      if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
      if (sciMode) return scientific(v);
      if (intMode) return signed(v, new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString()) + ".";
      return signed(v, new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** Keeps the minus sign of -0.0 and of negatives that round to zero, as Python does. */
    private static String signed(double v, String s) {
      boolean negative = v < 0 || (v == 0 && 1 / v < 0);
      return negative && !s.startsWith("-") ? "-" + s : s;
    }

    private static String scientific(double v) {
      if (v == 0) return signed(v, "0." + "0".repeat(PRECISION) + "e+00");
      BigDecimal rounded = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
      int exponent = rounded.precision() - rounded.scale() - 1;
      String mantissa = rounded.movePointLeft(exponent).setScale(PRECISION, RoundingMode.UNNECESSARY).toPlainString();
      String e = Integer.toString(Math.abs(exponent));
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
  }
}
