package dev.shinso.notebook.kernel;

import dev.shinso.notebook.Frontend;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Display and Progress inside the kernel: display_data and update_display_data below the running cell. */
final class NotebookFrontend implements Frontend {
  private final KernelIO io;

  NotebookFrontend(KernelIO io) {
    this.io = io;
  }

  @Override
  public void show(Object value, String displayId, boolean update) {
    DisplayData data = Renderers.render(value);
    io.flush();
    if (displayId != null) data.setDisplayId(displayId);
    if (update) {
      io.display.updateDisplay(data);
    } else {
      io.display.display(data);
    }
  }
}
