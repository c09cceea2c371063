package dev.shinso.notebook;

import java.util.Objects;

/**
 * Shows values from inside a cell. A cell's last expression is shown by itself; {@code
 * Display.show(figure)} shows another one midway (several figures from one cell, say). In a notebook a
 * {@code dev.shinso.lecture.Figure} appears as an image and anything else as its text; outside one,
 * values are printed.
 */
public final class Display {
  private static volatile Frontend frontend = Display::print;

  private Display() {}

  /** Shows the value below the running cell. */
  public static void show(Object value) {
    frontend.show(value, null, false);
  }

  /** The kernel routes displays to the notebook; returns the frontend it replaces. */
  public static Frontend attach(Frontend f) {
    Frontend previous = frontend;
    frontend = Objects.requireNonNull(f, "frontend");
    return previous;
  }

  /** A display that later calls with the same id replace (what {@link Progress} updates in place). */
  static void show(Object value, String displayId, boolean update) {
    frontend.show(value, displayId, update);
  }

  /** Outside a notebook: values on stdout, in-place updates as lines on stderr (a terminal has no display ids). */
  private static void print(Object value, String displayId, boolean update) {
    (displayId == null ? System.out : System.err).println(value);
  }
}
