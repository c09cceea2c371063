package dev.shinso.notebook;

import dev.shinso.train.Trainer;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CancellationException;

/**
 * A progress line for a loop in a cell, updated in place: one output that shows the steps done, a bar,
 * the caller's status (say, the loss) and the time, instead of a line per step. Updates are sent at
 * most every quarter second, and always for the last step and on {@link #close()}.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("epochs", 20)) {
 *   for (int e = 0; e < 20; e++) {
 *     double loss = trainOneEpoch();
 *     p.step(String.format("loss %.4f", loss));
 *   }
 * }
 * }</pre>
 *
 * <p>Interrupting the kernel interrupts the cell's thread; the next update then throws, so a loop that
 * reports progress stops even where it runs inside library code (a {@link Trainer} epoch, with
 * {@link #listener()}).
 */
public final class Progress implements AutoCloseable {
  static final long INTERVAL_NANOS = 250_000_000L;
  private static final int BAR = 24;

  private final String label;
  private final int total;
  private final String id = "shinso-progress-" + UUID.randomUUID();
  private final long start = System.nanoTime();
  private int done;
  private String status = "";
  private long shownAt;

  private Progress(String label, int total) {
    if (total < 1) throw new IllegalArgumentException("Progress '" + label + "': total must be positive, got " + total);
    this.label = label;
    this.total = total;
  }

  /** Shows a new progress line at 0 of total. */
  public static Progress start(String label, int total) {
    Progress p = new Progress(label, total);
    p.shownAt = System.nanoTime();
    Display.show(p.toString(), p.id, false);
    return p;
  }

  /** One more step done, with a status to show beside the bar (may be empty). */
  public void step(String status) {
    update(done + 1, status);
  }

  public void step() {
    step(status);
  }

  /** Steps done so far (at most total) and the status to show. */
  public void update(int done, String status) {
    if (Thread.currentThread().isInterrupted()) throw new CancellationException("interrupted at " + this);
    this.done = Math.clamp(done, 0, total);
    this.status = status == null ? "" : status;
    long now = System.nanoTime();
    if (now - shownAt >= INTERVAL_NANOS || this.done == total) {
      shownAt = now;
      Display.show(toString(), id, true);
    }
  }

  /** A listener for {@link Trainer#trainEpoch}: steps of this epoch with its running loss and accuracy. */
  public Trainer.StepListener listener() {
    return (step, steps, loss, accuracy, images, seconds) -> update(step,
        String.format(Locale.ROOT, "loss %.4f  accuracy %.3f  %.0f img/s", loss, accuracy, images / seconds));
  }

  /** Shows the final state, whatever the throttle held back. */
  @Override
  public void close() {
    Display.show(toString(), id, true);
  }

  /** The line as shown: label, bar, steps, status and elapsed seconds. */
  @Override
  public String toString() {
    int filled = (int) ((long) BAR * done / total);
    String bar = "█".repeat(filled) + "░".repeat(BAR - filled);
    double seconds = (System.nanoTime() - start) / 1e9;
    String line = String.format(Locale.ROOT, "%s %s %d/%d", label, bar, done, total);
    return (status.isEmpty() ? line : line + "  " + status) + String.format(Locale.ROOT, "  (%.1f s)", seconds);
  }
}
