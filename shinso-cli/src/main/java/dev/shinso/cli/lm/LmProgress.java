package dev.shinso.cli.lm;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The training progress bar on stderr: steps done, time left, smoothed loss, learning rate and characters per second. */
final class LmProgress implements AutoCloseable {
  private final ProgressBar bar;
  private final int charsPerStep;

  LmProgress(int steps, int charsPerStep) {
    this.charsPerStep = charsPerStep;
    this.bar = new ProgressBarBuilder().setTaskName("lm train").setInitialMax(steps)
        .setUpdateIntervalMillis(interactive() ? 500 : 30_000)
        .setStyle(interactive() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
        .setMaxRenderedLength(120).build();  // draws on System.err
  }

  private static boolean interactive() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal();
  }

  void onStep(int step, double loss, double lr, double seconds) {
    bar.stepTo(step);
    bar.setExtraMessage(String.format(Locale.ROOT, "loss=%.4f lr=%.2e %.0f char/s", loss, lr,
        seconds > 0 ? step * (double) charsPerStep / seconds : 0.0));
  }

  /** Prints a summary line on stdout (the bar keeps stderr). */
  void pause(String line, PrintWriter out) {
    out.println(line);
    out.flush();
  }

  @Override
  public void close() {
    bar.close();
  }
}
