package dev.shinso.cli;

import dev.shinso.cli.lecture.IndexPage;
import dev.shinso.cli.lecture.ReportWriter;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Experiments;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code shinso lecture}: the lecture's claims as experiments (list them, run them, write their plots). */
@Command(name = "lecture", mixinStandardHelpOptions = true,
    description = "Run the experiments behind the claims of the lecture \"Fundamentals of Deep Learning\".",
    subcommands = {LectureCommand.ListExperiments.class, LectureCommand.Run.class, CommandLine.HelpCommand.class})
final class LectureCommand implements Runnable {
  /** Where the experiments come from; tests substitute their own. */
  interface Catalog {
    List<Experiment> all();

    /** The experiment called name; an unknown name is an IllegalArgumentException listing the valid names. */
    Experiment byName(String name);
  }

  static final Catalog LECTURE = new Catalog() {
    @Override
    public List<Experiment> all() {
      return Experiments.all();
    }

    @Override
    public Experiment byName(String name) {
      return Experiments.byName(name);
    }
  };

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  final Catalog catalog;

  LectureCommand() {
    this(LECTURE);
  }

  LectureCommand(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code shinso lecture list}: one line per experiment, name and claim. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments and their claims.")
  static final class ListExperiments implements Runnable {
    @ParentCommand LectureCommand parent;

    @Override
    public void run() {
      PrintWriter out = parent.spec.commandLine().getOut();
      List<Experiment> all = parent.catalog.all();
      int width = all.stream().mapToInt(e -> e.name().length()).max().orElse(0);
      for (Experiment e : all) out.printf(Locale.ROOT, "%-" + width + "s  %s%n", e.name(), e.claim());
      if (all.isEmpty()) out.println("no experiments are available yet");
      out.flush();
    }
  }

  /** {@code shinso lecture run NAME|all}: runs, prints each report, writes figures, CSVs and the index page. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run one experiment (or all), print its tables and notes, and write into the output folder",
          "<out>/<name>/<figure>.png and .csv (columns series,x,y), <out>/<name>/metrics.csv, and <out>/index.html."})
  static final class Run implements Callable<Integer> {
    @ParentCommand LectureCommand parent;

    @Parameters(paramLabel = "NAME|all", description = "an experiment's name (see `shinso lecture list`) or all")
    String name;

    @Option(names = "--quick", description = "the small size that runs in seconds (the tests' size)")
    boolean quick;

    @Option(names = "--out", defaultValue = "out/lecture", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", description = "folder with the Fashion-MNIST files (default: $SHINSO_DATA, ~/.shinso/data, "
        + "/usr/share/datasets/fashion-mnist)")
    Path data;

    @Override
    public Integer call() throws Exception {
      Catalog catalog = parent.catalog;
      List<Experiment> chosen = name.equals("all") ? catalog.all() : List.of(catalog.byName(name));
      if (chosen.isEmpty()) throw new IllegalStateException("no experiments are available yet");
      PrintWriter w = parent.spec.commandLine().getOut();
      // Progress lines go to stderr, so stdout holds the reports alone.
      Settings settings = new Settings(quick, seed, data, System.err);
      for (Experiment e : chosen) {
        long t0 = System.nanoTime();
        Report r = e.run(settings);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ReportWriter.write(r, out);
        w.print(r.toText());
        w.printf(Locale.ROOT, "(%s: %.1f s; %d figure(s) and metrics.csv in %s)%n%n", e.name(), seconds,
            r.figures().size(), out.resolve(e.name()));
        w.flush();
      }
      Path page = IndexPage.write(out, catalog.all().stream().map(Experiment::name).toList());
      w.println("index: " + page);
      w.flush();
      return 0;
    }
  }
}
