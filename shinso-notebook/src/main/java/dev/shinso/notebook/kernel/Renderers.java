package dev.shinso.notebook.kernel;

import dev.shinso.lecture.Figure;
import dev.shinso.lecture.plot.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * How a value shows in a notebook: a {@link Figure} as a PNG image (drawn as the CLI draws its files),
 * an array with its elements, anything else (a tensor among them) as its {@code toString}.
 */
final class Renderers {
  private Renderers() {}

  static DisplayData render(Object value) {
    DisplayData data = new DisplayData(text(value));
    if (value instanceof Figure f) {
      try {
        data.putData("image/png", Base64.getEncoder().encodeToString(Charts.png(f)));
      } catch (IOException e) {
        throw new UncheckedIOException("figure '" + f.id() + "' could not be drawn", e);
      }
    }
    return data;
  }

  /** The text/plain form; for a figure what a reader without images sees. */
  static String text(Object value) {
    return switch (value) {
      case null -> "null";
      case Figure f -> "Figure '" + f.id() + "': " + f.title();
      case Object[] a -> Arrays.deepToString(a);
      case double[] a -> Arrays.toString(a);
      case float[] a -> Arrays.toString(a);
      case long[] a -> Arrays.toString(a);
      case int[] a -> Arrays.toString(a);
      case short[] a -> Arrays.toString(a);
      case byte[] a -> Arrays.toString(a);
      case char[] a -> Arrays.toString(a);
      case boolean[] a -> Arrays.toString(a);
      default -> String.valueOf(value);
    };
  }
}
