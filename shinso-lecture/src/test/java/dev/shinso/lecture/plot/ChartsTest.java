package dev.shinso.lecture.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.lecture.Figure;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {
  @Test
  void linesPointsAndALogAxisAreDrawnAsTheFigureSays() {
    Figure f = Figure.of("v", "Variance by layer", "layer", "variance",
        Figure.Series.line("kaiming", new double[] {1, 2, 3}, new double[] {1, 1.1, 0.9}),
        Figure.Series.points("normal", new double[] {1, 2, 3}, new double[] {0, 10, Double.NaN})).withLogY();
    XYChart c = Charts.chart(f);
    assertThat(c.getTitle()).isEqualTo("Variance by layer");
    assertThat(c.getXAxisTitle()).isEqualTo("layer");
    assertThat(c.getYAxisTitle()).isEqualTo("variance");
    assertThat(c.getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(c.getStyler().isLegendVisible()).isTrue();
    XYSeries line = c.getSeriesMap().get("kaiming"), points = c.getSeriesMap().get("normal");
    assertThat(line.getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Line);
    assertThat(points.getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
    // y = 0 has no place on a log axis and NaN none anywhere: only (2, 10) is drawn
    assertThat(points.getXData()).containsExactly(2.0);
  }

  @Test
  void aFigureWithNothingToDrawSaysWhy() {
    Figure f = Figure.of("z", "Zeros", "x", "y", Figure.Series.line("zero", new double[] {1}, new double[] {0})).withLogY();
    assertThatThrownBy(() -> Charts.chart(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'z'").hasMessageContaining("log y axis needs y > 0");
  }
}
