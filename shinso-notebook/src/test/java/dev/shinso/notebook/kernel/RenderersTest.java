package dev.shinso.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Figure;
import dev.shinso.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class RenderersTest {
  @Test
  void aFigureShowsAsAPngImageWithItsTitleAsText() throws Exception {
    Figure f = Figure.of("loss", "Training loss", "epoch", "loss",
        Figure.Series.line("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3}));
    DisplayData d = Renderers.render(f);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG))));
    assertThat(png.getWidth()).isEqualTo(800);
    assertThat(png.getHeight()).isEqualTo(500);
    assertThat(d.getData(MIMEType.TEXT_PLAIN)).isEqualTo("Figure 'loss': Training loss");
  }

  @Test
  void aTensorShowsAsItsToStringAndArraysWithTheirElements() {
    Tensor t = Tensor.arange(4f).reshape(2, 2);
    assertThat(Renderers.render(t).getData(MIMEType.TEXT_PLAIN)).isEqualTo(t.toString());
    assertThat(Renderers.render(t).hasDataForType(MIMEType.IMAGE_PNG)).isFalse();
    assertThat(Renderers.text(new double[] {1, 2})).isEqualTo("[1.0, 2.0]");
    assertThat(Renderers.text(new int[][] {{1}, {2}})).isEqualTo("[[1], [2]]");
    assertThat(Renderers.text(null)).isEqualTo("null");
  }
}
