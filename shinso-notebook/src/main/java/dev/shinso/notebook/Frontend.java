package dev.shinso.notebook;

/**
 * Where {@link Display} and {@link Progress} send what they show: the notebook kernel while a cell
 * runs, otherwise the console. Cells do not call this; the kernel attaches itself with
 * {@link Display#attach(Frontend)}.
 */
public interface Frontend {
  /**
   * Shows a value below the running cell (a figure as an image, anything else as text). With a display
   * id, a later call with {@code update} set replaces what that id showed instead of adding an output.
   */
  void show(Object value, String displayId, boolean update);
}
