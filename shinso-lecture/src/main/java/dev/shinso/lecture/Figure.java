package dev.shinso.lecture;

import java.util.List;

/**
 * A plot described as data, so experiments need no plotting library: {@code plot.Charts} draws it
 * (XChart) for the CLI's files and the notebooks, and the CLI writes its points as CSV.
 *
 * @param id file-name stem, unique within the experiment, e.g. {@code loss}
 * @param logY plot y on a log scale (variances that explode or vanish)
 */
public record Figure(String id, String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
  public Figure {
    series = List.copyOf(series);
    if (!id.matches("[a-z0-9-]+")) throw new IllegalArgumentException("Figure id '" + id + "' must be lower-case words and dashes");
  }

  public static Figure of(String id, String title, String xLabel, String yLabel, Series... series) {
    return new Figure(id, title, xLabel, yLabel, List.of(series), false);
  }

  public Figure withLogY() {
    return new Figure(id, title, xLabel, yLabel, series, true);
  }

  /** One line or point cloud. */
  public record Series(String name, double[] x, double[] y, Style style) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("Series '" + name + "': " + x.length + " x values but " + y.length + " y values");
      }
      x = x.clone();
      y = y.clone();
    }

    public static Series line(String name, double[] x, double[] y) {
      return new Series(name, x, y, Style.LINE);
    }

    public static Series points(String name, double[] x, double[] y) {
      return new Series(name, x, y, Style.POINTS);
    }
  }

  public enum Style { LINE, POINTS }
}
