package dev.shinso.cli.lecture;

import dev.shinso.cli.plot.Csv;
import dev.shinso.cli.plot.FigureCsv;
import dev.shinso.io.AtomicFiles;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Table;
import dev.shinso.lecture.plot.Charts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one experiment's report into {@code <out>/<experiment>/}: a PNG and a CSV per figure
 * ({@code <figure id>.png}, {@code <figure id>.csv}), {@code metrics.csv}, {@code report.txt} (what
 * the terminal showed) and {@code section.html}, the experiment's part of the index page. Every file
 * is written atomically.
 */
public final class ReportWriter {
  /** The fragment {@link IndexPage} collects from each experiment folder. */
  static final String SECTION = "section.html";

  private ReportWriter() {}

  /** Writes the files; returns their paths, relative to out. */
  public static List<Path> write(Report r, Path out) throws IOException {
    String name = r.experiment();
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("experiment name '" + name + "' must be lower-case words and dashes to name a folder");
    }
    Path dir = out.resolve(name);
    List<Path> written = new ArrayList<>();
    for (Figure f : r.figures()) {
      Charts.savePng(f, dir.resolve(f.id() + ".png"));
      FigureCsv.write(f, dir.resolve(f.id() + ".csv"));
      written.add(Path.of(name, f.id() + ".png"));
      written.add(Path.of(name, f.id() + ".csv"));
    }
    writeText(dir.resolve("metrics.csv"), metricsCsv(r.metrics()));
    writeText(dir.resolve("report.txt"), r.toText());
    writeText(dir.resolve(SECTION), section(r));
    written.add(Path.of(name, "metrics.csv"));
    written.add(Path.of(name, "report.txt"));
    return written;
  }

  static String metricsCsv(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder("metric,value\n");
    metrics.forEach((k, v) -> sb.append(Csv.field(k)).append(',').append(Csv.number(v)).append('\n'));
    return sb.toString();
  }

  /** The experiment's HTML: claim, figures (linked to their CSV), tables, notes, metrics. */
  static String section(Report r) {
    String name = r.experiment();
    StringBuilder sb = new StringBuilder();
    sb.append("<section id=\"").append(name).append("\">\n");
    sb.append("<h2>").append(Html.escape(name)).append("</h2>\n");
    sb.append("<p class=\"claim\">").append(Html.escape(r.claim())).append("</p>\n");
    for (Figure f : r.figures()) {
      String stem = name + "/" + f.id();
      sb.append("<figure><img src=\"").append(stem).append(".png\" alt=\"").append(Html.escape(f.title()))
          .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT).append("\">")
          .append("<figcaption>").append(Html.escape(f.title())).append(" (<a href=\"").append(stem)
          .append(".csv\">data</a>)</figcaption></figure>\n");
    }
    for (Table t : r.tables()) {
      sb.append("<h3>").append(Html.escape(t.title())).append("</h3>\n").append(Html.table(t.columns(), t.rows()));
    }
    for (String n : r.notes()) sb.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n");
    if (!r.metrics().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      r.metrics().forEach((k, v) -> rows.add(List.of(k, Csv.number(v))));
      sb.append("<h3>Metrics (<a href=\"").append(name).append("/metrics.csv\">metrics.csv</a>)</h3>\n")
          .append(Html.table(List.of("metric", "value"), rows));
    }
    return sb.append("</section>\n").toString();
  }

  private static void writeText(Path file, String text) throws IOException {
    AtomicFiles.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
