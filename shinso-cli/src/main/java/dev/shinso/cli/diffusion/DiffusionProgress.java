package dev.shinso.cli.diffusion;

import dev.shinso.diffusion.DdpmTrainer;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for a diffusion epoch (running loss, images/s) or a sampling run (steps). */
public final class DiffusionProgress implements DdpmTrainer.StepListener, AutoCloseable {
  private final ProgressBar bar;
  private double lossSum;
  private int seen;

  public DiffusionProgress(String task, int steps) {
    boolean tty = System.console() != null && System.console().isTerminal();
    this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
        .setUpdateIntervalMillis(tty ? 500 : 30_000)
        .setStyle(tty ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
        .setMaxRenderedLength(120).build();
  }

  @Override
  public void onStep(int step, int steps, double loss, int images, double seconds) {
    lossSum += loss * (images - seen);
    seen = images;
    bar.stepTo(step);
    bar.setExtraMessage(String.format(Locale.ROOT, "loss=%.4f %.1f img/s", lossSum / seen, seconds > 0 ? images / seconds : 0.0));
  }

  /** For sampling: one more step done. */
  public void step() {
    bar.step();
  }

  @Override
  public void close() {
    bar.close();
  }
}
