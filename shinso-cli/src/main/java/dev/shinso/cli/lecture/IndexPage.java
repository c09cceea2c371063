package dev.shinso.cli.lecture;

import dev.shinso.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code index.html} in the output folder: every experiment written there so far (this run's and
 * earlier ones'), in the lecture's order, each with its claim, figures, tables, notes and metrics.
 * Plain static HTML with its style inline, so the folder can be opened or copied anywhere.
 */
public final class IndexPage {
  private IndexPage() {}

  /**
   * Collects each {@code <out>/<name>/section.html} and writes {@code <out>/index.html}; order lists
   * the experiment names in the lecture's order (others follow by name). Returns the page's path.
   */
  public static Path write(Path out, List<String> order) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      s.filter(d -> Files.isRegularFile(d.resolve(ReportWriter.SECTION))).forEach(dirs::add);
    }
    dirs.sort(Comparator.<Path>comparingInt(d -> {
      int i = order.indexOf(d.getFileName().toString());
      return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparing(d -> d.getFileName().toString()));

    StringBuilder sb = new StringBuilder("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>shinso: the lecture's experiments</title>
        <style>
        body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
        section { border-top: 1px solid #ccc; margin-top: 2em; }
        .claim { font-size: 1.1em; font-style: italic; }
        figure { margin: 1em 0; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #ddd; padding: 0.2em 0.6em; text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f4f4f4; }
        td:first-child, th:first-child { text-align: left; }
        </style>
        </head>
        <body>
        <h1>Fundamentals of Deep Learning: the experiments</h1>
        <p>Each claim of the lecture, run with shinso: <code>shinso lecture run &lt;name&gt;|all</code>.</p>
        <ul>
        """);
    for (Path d : dirs) {
      String n = Html.escape(d.getFileName().toString());
      sb.append("<li><a href=\"#").append(n).append("\">").append(n).append("</a></li>\n");
    }
    sb.append("</ul>\n");
    for (Path d : dirs) sb.append(Files.readString(d.resolve(ReportWriter.SECTION), StandardCharsets.UTF_8));
    sb.append("</body>\n</html>\n");
    Path page = out.resolve("index.html");
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(page, o -> o.write(bytes));
    return page;
  }
}
