package dev.shinso.cli.train;

import dev.shinso.cli.plot.Csv;
import dev.shinso.io.AtomicFiles;
import dev.shinso.io.Checkpoint;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.plot.Charts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training run's history, one row per epoch, kept in {@code metrics.csv} (columns epoch,
 * train_loss, train_acc, test_loss, test_acc, epoch_s) and drawn as {@code loss.png} and
 * {@code accuracy.png}. A resumed run reads back the rows up to the epoch it resumes after.
 */
public final class TrainLog {
  static final String HEADER = "epoch,train_loss,train_acc,test_loss,test_acc,epoch_s";

  /** One finished epoch (numbered from 1). */
  public record Row(int epoch, double trainLoss, double trainAcc, double testLoss, double testAcc, double epochSeconds) {}

  private final List<Row> rows = new ArrayList<>();

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public void add(Row r) {
    rows.add(r);
  }

  /** The best test accuracy so far, or -infinity with no rows. */
  public double bestTestAccuracy() {
    return rows.stream().mapToDouble(Row::testAcc).max().orElse(Double.NEGATIVE_INFINITY);
  }

  /** Metadata keys of the history row a checkpoint carries: history.train_loss, …, history.epoch_s. */
  private static final List<String> COLUMNS = List.of("train_loss", "train_acc", "test_loss", "test_acc", "epoch_s");

  /** The row as checkpoint metadata (exact values), so that a checkpoint carries its epoch's line of the history. */
  public static Map<String, String> metadataOf(Row r) {
    double[] v = {r.trainLoss(), r.trainAcc(), r.testLoss(), r.testAcc(), r.epochSeconds()};
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) m.put("history." + COLUMNS.get(i), Csv.number(v[i]));
    return m;
  }

  /** The row a checkpoint recorded with {@link #metadataOf}, if it did. */
  public static Optional<Row> rowOf(Checkpoint c) {
    double[] v = new double[COLUMNS.size()];
    for (int i = 0; i < v.length; i++) {
      String s = c.metadata().get("history." + COLUMNS.get(i));
      if (s == null) return Optional.empty();
      v[i] = Double.parseDouble(s);
    }
    return Optional.of(new Row(c.epoch(), v[0], v[1], v[2], v[3], v[4]));
  }

  /** The rows of dir/metrics.csv for epochs 1..upTo (none when the file is absent). */
  public static TrainLog read(Path dir, int upTo) throws IOException {
    TrainLog log = new TrainLog();
    for (Row r : Csv.readRows(dir.resolve("metrics.csv"), HEADER, "a training log", c -> new Row(Integer.parseInt(c[0]),
        Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[4]),
        Double.parseDouble(c[5])))) {
      if (r.epoch() <= upTo) log.add(r);
    }
    return log;
  }

  /** Writes metrics.csv, loss.png and accuracy.png into dir, each atomically. */
  public void write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      sb.append(r.epoch()).append(',').append(Csv.number(r.trainLoss())).append(',').append(Csv.number(r.trainAcc()))
          .append(',').append(Csv.number(r.testLoss())).append(',').append(Csv.number(r.testAcc())).append(',')
          .append(Csv.number(r.epochSeconds())).append('\n');
    }
    byte[] csv = sb.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve("metrics.csv"), o -> o.write(csv));
    if (rows.isEmpty()) return;
    double[] epoch = rows.stream().mapToDouble(Row::epoch).toArray();
    Charts.savePng(Figure.of("loss", "Cross-entropy loss", "epoch", "loss",
        Figure.Series.line("train", epoch, rows.stream().mapToDouble(Row::trainLoss).toArray()),
        Figure.Series.line("test", epoch, rows.stream().mapToDouble(Row::testLoss).toArray())), dir.resolve("loss.png"));
    Charts.savePng(Figure.of("accuracy", "Accuracy", "epoch", "accuracy",
        Figure.Series.line("train", epoch, rows.stream().mapToDouble(Row::trainAcc).toArray()),
        Figure.Series.line("test", epoch, rows.stream().mapToDouble(Row::testAcc).toArray())), dir.resolve("accuracy.png"));
  }
}
