package dev.shinso.cli.diffusion;

import dev.shinso.cli.plot.Csv;
import dev.shinso.io.AtomicFiles;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.plot.Charts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A diffusion run's history, one row per epoch, kept in {@code metrics.csv} (columns epoch, loss,
 * images_per_s, epoch_s) and drawn as {@code loss.png}. A resumed run reads back the rows up to the
 * epoch it resumes after.
 */
public final class DiffusionLog {
  static final String HEADER = "epoch,loss,images_per_s,epoch_s";

  /** One finished epoch (numbered from 1). */
  public record Row(int epoch, double loss, double imagesPerSecond, double epochSeconds) {}

  private final List<Row> rows = new ArrayList<>();

  public void add(Row r) {
    rows.add(r);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The rows of dir/metrics.csv for epochs 1..upTo (none when the file is absent). */
  public static DiffusionLog read(Path dir, int upTo) throws IOException {
    DiffusionLog log = new DiffusionLog();
    if (upTo == 0) return log;  // a fresh run overwrites whatever was there
    for (Row r : Csv.readRows(dir.resolve("metrics.csv"), HEADER, "a diffusion training log", c -> new Row(
        Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3])))) {
      if (r.epoch() <= upTo) log.add(r);
    }
    return log;
  }

  /** Writes metrics.csv and loss.png into dir, each atomically. */
  public void write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      sb.append(r.epoch()).append(',').append(Csv.number(r.loss())).append(',').append(Csv.number(r.imagesPerSecond()))
          .append(',').append(Csv.number(r.epochSeconds())).append('\n');
    }
    byte[] csv = sb.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve("metrics.csv"), o -> o.write(csv));
    if (rows.isEmpty()) return;
    Charts.savePng(Figure.of("loss", "Noise-prediction loss (MSE)", "epoch", "loss", Figure.Series.line("train",
        rows.stream().mapToDouble(Row::epoch).toArray(), rows.stream().mapToDouble(Row::loss).toArray())),
        dir.resolve("loss.png"));
  }
}
