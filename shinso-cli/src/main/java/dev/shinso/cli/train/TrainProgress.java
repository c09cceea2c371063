package dev.shinso.cli.train;

import dev.shinso.train.Trainer;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for one training epoch on stderr (stdout keeps the summary lines): batches done,
 * elapsed and remaining time, and the epoch's running loss, accuracy and images per second.
 */
public final class TrainProgress implements Trainer.StepListener, AutoCloseable {
  private final ProgressBar bar;
  private double lossSum, correct;
  private int seen;

  public TrainProgress(int epoch, int epochs, int steps) {
    this.bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(steps)
        .setUpdateIntervalMillis(interactive() ? 500 : 10_000)
        .setStyle(interactive() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK).setMaxRenderedLength(120).build();  // draws on System.err
  }

  /** On a terminal the bar redraws in place, in colour; in a log file every redraw is a line, so fewer and plain. */
  private static boolean interactive() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal();
  }

  @Override
  public void onStep(int step, int steps, double loss, double accuracy, int images, double seconds) {
    int n = images - seen;  // this batch
    lossSum += loss * n;
    correct += accuracy * n;
    seen = images;
    bar.stepTo(step);
    bar.setExtraMessage(String.format(Locale.ROOT, "loss=%.4f acc=%.4f %.0f img/s", lossSum / seen, correct / seen,
        seconds > 0 ? images / seconds : 0.0));
  }

  @Override
  public void close() {
    bar.close();
  }
}
