package dev.shinso.lecture.plot;

import dev.shinso.io.AtomicFiles;
import dev.shinso.lecture.Figure;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Figure} with XChart: one XY chart, lines or scatter markers per series style, a
 * logarithmic y axis when the figure asks for one, title, axis labels and legend. Works headless.
 * The CLI writes its PNG files with it and the notebook kernel shows figures inline with it.
 */
public final class Charts {
  /** Size of every PNG, in pixels. */
  public static final int WIDTH = 800, HEIGHT = 500;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** The chart for a figure. Points that cannot be drawn (not finite; y ≤ 0 on a log axis) are left out. */
  static XYChart chart(Figure f) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(f.title()).xAxisTitle(f.xLabel()).yAxisTitle(f.yLabel()).build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setLegendBorderColor(new Color(200, 200, 200));
    styler.setYAxisLogarithmic(f.logY());
    styler.setXAxisTickMarkSpacingHint(90);  // fewer, readable x labels such as 1,000
    int drawn = 0;
    for (Figure.Series s : f.series()) {
      int[] keep = IntStream.range(0, s.x().length)
          .filter(i -> Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!f.logY() || s.y()[i] > 0))
          .toArray();
      if (keep.length == 0) continue;  // XChart refuses empty series
      double[] x = IntStream.of(keep).mapToDouble(i -> s.x()[i]).toArray();
      double[] y = IntStream.of(keep).mapToDouble(i -> s.y()[i]).toArray();
      XYSeries series = chart.addSeries(s.name(), x, y);
      if (s.style() == Figure.Style.POINTS) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
      } else {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        // a line of one point (say, one epoch) would be invisible without its marker
        series.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      }
      drawn++;
    }
    styler.setMarkerSize(8);
    if (drawn == 0) {
      throw new IllegalArgumentException("figure '" + f.id() + "': no series has a point that can be drawn"
          + (f.logY() ? " (a log y axis needs y > 0)" : ""));
    }
    return chart;
  }

  /** The figure as a PNG of {@link #WIDTH}×{@link #HEIGHT}: what a file holds and a notebook shows inline. */
  public static byte[] png(Figure f) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart(f), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Writes the figure as a PNG of {@link #WIDTH}×{@link #HEIGHT}, atomically (temp file, rename). */
  public static void savePng(Figure f, Path file) throws IOException {
    byte[] png = png(f);
    AtomicFiles.write(file, out -> out.write(png));
  }
}
