package dev.shinso.cli.plot;

import dev.shinso.io.AtomicFiles;
import dev.shinso.lecture.Figure;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A figure's points as CSV, columns {@code series,x,y}, one row per point in series order. */
public final class FigureCsv {
  private FigureCsv() {}

  public static void write(Figure f, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("series,x,y\n");
      for (Figure.Series s : f.series()) {
        String name = Csv.field(s.name());
        for (int i = 0; i < s.x().length; i++) {
          w.write(name + "," + Csv.number(s.x()[i]) + "," + Csv.number(s.y()[i]) + "\n");
        }
      }
      w.flush();
    });
  }
}
