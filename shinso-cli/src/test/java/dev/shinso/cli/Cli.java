package dev.shinso.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the shinso command line in-process and captures what it printed. */
final class Cli {
  private Cli() {}

  record Run(int exitCode, String out, String err) {
    /** The last line of stdout. */
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Run run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  static Run run(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cmd = Main.commandLine(factory);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
