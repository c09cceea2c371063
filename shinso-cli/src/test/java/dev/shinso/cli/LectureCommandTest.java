package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Experiments;
import dev.shinso.lecture.plot.Charts;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LectureCommandTest {
  @TempDir Path dir;

  @Test
  void listsEveryAvailableExperimentWithItsClaim() {
    Cli.Run r = Cli.run("lecture", "list");
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (Experiment e : Experiments.all()) assertThat(r.out()).contains(e.name()).contains(e.claim());

    Cli.Run fake = Cli.run(FakeExperiment.factory(), "lecture", "list");
    assertThat(fake.out()).isEqualTo("fake  " + new FakeExperiment().claim() + "\n");
  }

  @Test
  void runWritesPngCsvMetricsAndTheIndexPage() throws Exception {
    Path out = dir.resolve("lecture");
    Cli.Run r = Cli.run(FakeExperiment.factory(), "lecture", "run", "fake", "--quick", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("== fake: Squares grow").contains("growth").contains("x^2")
        .contains("The zero at x = 1 cannot be drawn").contains("index: " + out.resolve("index.html"));

    for (String png : List.of("growth.png", "log-growth.png")) {
      BufferedImage img = ImageIO.read(out.resolve("fake").resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    }
    assertThat(Files.readAllLines(out.resolve("fake/growth.csv"))).containsExactly("series,x,y",
        "x^2,1,1", "x^2,2,4", "x^2,3,9", "x^2,4,16", "x,1,1", "x,2,2", "x,3,3", "x,4,4");
    assertThat(Files.readAllLines(out.resolve("fake/log-growth.csv"))).hasSize(5).contains("x^2 - 1,1,0");
    assertThat(Files.readAllLines(out.resolve("fake/metrics.csv"))).containsExactly("metric,value", "ratio_at_4,4", "quick,1");

    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("Squares grow faster than lines &lt;for x &gt; 1&gt; &amp; faster still")
        .contains("<img src=\"fake/growth.png\"").contains("<img src=\"fake/log-growth.png\"")
        .contains("<h3>growth</h3>").contains("<td>ratio_at_4</td><td>4</td>")
        .doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void runsARealExperimentOfTheLecture() throws Exception {
    Experiment neuron = Experiments.byName("neuron");
    Path out = dir.resolve("lecture");
    Cli.Run r = Cli.run("lecture", "run", "neuron", "--quick", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("== neuron: " + neuron.claim());
    var report = neuron.run(dev.shinso.lecture.Settings.quick(null));
    assertThat(report.figures()).isNotEmpty();
    for (var f : report.figures()) {
      BufferedImage img = ImageIO.read(out.resolve("neuron").resolve(f.id() + ".png").toFile());
      assertThat(img).as(f.id()).isNotNull();
      assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
      int points = f.series().stream().mapToInt(s -> s.x().length).sum();
      assertThat(Files.readAllLines(out.resolve("neuron").resolve(f.id() + ".csv"))).hasSize(points + 1);
    }
    assertThat(Files.readAllLines(out.resolve("neuron/metrics.csv"))).hasSize(report.metrics().size() + 1);
    assertThat(Files.readString(out.resolve("index.html"))).contains("<h2>neuron</h2>");
  }

  @Test
  void theIndexKeepsExperimentsWrittenByEarlierRuns() throws Exception {
    Path out = dir.resolve("lecture");
    Files.createDirectories(out.resolve("older"));
    Files.writeString(out.resolve("older/section.html"), "<section id=\"older\"><h2>older</h2></section>\n");
    Cli.Run r = Cli.run(FakeExperiment.factory(), "lecture", "run", "all", "--quick", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html.indexOf("<h2>fake</h2>")).isPositive().isLessThan(html.indexOf("<h2>older</h2>"));
  }

  @Test
  void anUnknownExperimentListsTheValidNames() {
    Cli.Run r = Cli.run("lecture", "run", "no-such-claim", "--out", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo(("shinso lecture run: unknown experiment 'no-such-claim'; valid experiments: "
        + String.join(", ", Experiments.names())).strip());
  }
}
