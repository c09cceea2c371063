package dev.shinso.tensor;

import java.util.Locale;

/**
 * Prints tensors as PyTorch does: nested brackets aligned in columns, 4 decimals (or "1." for whole
 * numbers, scientific notation for wide ranges), and "..." beyond 1000 elements; then shape, dtype
 * and the autograd state.
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;

  private TensorFormat() {}

  static String format(Tensor t) {
    boolean summarize = t.numel() > THRESHOLD;
    String prefix = "tensor(";
    StringBuilder sb = new StringBuilder(prefix);
    if (t.numel() == 0) {
      sb.append("[]");
    } else {
      Tensor plain = t.detach();
      String[] cells = cells(plain, summarize);
      int width = 0;
      for (String c : cells) width = Math.max(width, c.length());
      int[] next = {0};
      body(sb, plain.shapeArray(), 0, summarize, cells, next, width, prefix.length());
    }
    sb.append(", shape=").append(t.shapeString()).append(", dtype=").append(t.dtype());
    if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
    else if (t.requiresGrad()) sb.append(", requires_grad=true");
    return sb.append(')').toString();
  }

  /** The printed elements in order (only the shown ones when summarising). */
  private static String[] cells(Tensor t, boolean summarize) {
    java.util.List<Double> shown = new java.util.ArrayList<>();
    collect(t, summarize, shown);
    boolean ints = t.dtype() == DType.INT64;
    boolean whole = true;
    double maxAbs = 0, minAbs = Double.MAX_VALUE;
    for (double v : shown) {
      if (!Double.isFinite(v)) continue;
      whole &= v == Math.rint(v);
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (v != 0) minAbs = Math.min(minAbs, Math.abs(v));
    }
    boolean sci = !ints && (maxAbs >= 1e8 || (minAbs != Double.MAX_VALUE && !whole && (maxAbs / minAbs > 1000 || minAbs < 1e-4)));
    String[] out = new String[shown.size()];
    for (int i = 0; i < out.length; i++) {
      double v = shown.get(i);
      if (ints) out[i] = Long.toString((long) v);
      else if (Double.isNaN(v)) out[i] = "nan";
      else if (Double.isInfinite(v)) out[i] = v > 0 ? "inf" : "-inf";
      else if (sci) out[i] = String.format(Locale.ROOT, "%.4e", v);
      else if (whole) out[i] = String.format(Locale.ROOT, "%.0f.", v);
      else out[i] = String.format(Locale.ROOT, "%.4f", v);
    }
    return out;
  }

  private static void collect(Tensor t, boolean summarize, java.util.List<Double> out) {
    if (t.dim() == 0) {
      out.add(t.dtype() == DType.INT64 ? (double) t.itemLong() : t.item());
      return;
    }
    int n = t.size(0);
    if (t.dim() == 1 && !(summarize && n > 2 * EDGE_ITEMS)) {
      if (t.dtype() == DType.INT64) for (long v : t.toLongArray()) out.add((double) v);
      else for (float v : t.toFloatArray()) out.add((double) v);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
      collect(t.select(0, i), summarize, out);
    }
  }

  private static void body(StringBuilder sb, int[] shape, int depth, boolean summarize, String[] cells, int[] next,
      int width, int indent) {
    if (shape.length == 0) {
      sb.append(cells[next[0]++]);
      return;
    }
    sb.append('[');
    int n = shape[depth];
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
        sb.append(depth == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + depth + 1));
        i = n - EDGE_ITEMS;
      }
      if (depth == shape.length - 1) {
        String c = cells[next[0]++];
        sb.append(" ".repeat(width - c.length())).append(c);
      } else {
        body(sb, shape, depth + 1, summarize, cells, next, width, indent);
      }
      if (i < n - 1) {
        sb.append(depth == shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - depth - 1)
            + " ".repeat(indent + depth + 1));
      }
    }
    sb.append(']');
  }
}
