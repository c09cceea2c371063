package dev.shinso.text;

import dev.shinso.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** metrics.csv of a language-model run: one row per validation check, rewritten atomically after each. */
public final class LmMetrics {
  public static final String HEADER = "step,train_loss,val_loss,lr,seconds";
  private final Path dir;
  private final List<String> rows = new ArrayList<>();
  private double lastValidation = Double.NaN;

  public LmMetrics(Path dir) throws IOException {
    this(dir, List.of());
  }

  /** Continues the rows of an earlier part of the run (a resumed one), as {@link #rows} gave them. */
  public LmMetrics(Path dir, List<String> earlier) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    rows.addAll(earlier);
  }

  public void add(int step, double trainLoss, double valLoss, double lr, double seconds) throws IOException {
    rows.add(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.6g,%.1f", step, trainLoss, valLoss, lr, seconds));
    lastValidation = valLoss;
    byte[] csv = (HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve("metrics.csv"), o -> o.write(csv));
  }

  /** The rows so far, as written (without the header). */
  public List<String> rows() {
    return List.copyOf(rows);
  }

  public double lastValidationLoss() {
    return lastValidation;
  }
}
