package dev.shinso.cli;

import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import java.util.List;
import picocli.CommandLine;

/** A tiny experiment for the command's tests, independent of which real experiments exist yet. */
final class FakeExperiment implements Experiment {
  static final double[] X = {1, 2, 3, 4};
  static final double[] SQUARES = {1, 4, 9, 16};

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String claim() {
    return "Squares grow faster than lines <for x > 1> & faster still on a log axis.";
  }

  @Override
  public Report run(Settings s) {
    return new Report(this)
        .table(Table.builder("growth", "x", "x^2").row(2, 4.0).row(3, 9.0).build())
        .metric("ratio_at_4", 4.0)
        .metric("quick", s.quick() ? 1 : 0)
        .figure(Figure.of("growth", "Squares and lines", "x", "y", Figure.Series.line("x^2", X, SQUARES),
            Figure.Series.points("x", X, X)))
        .figure(Figure.of("log-growth", "On a log axis", "x", "y (log)",
            Figure.Series.line("x^2 - 1", X, new double[] {0, 3, 8, 15})).withLogY())
        .note("The zero at x = 1 cannot be drawn on a log axis.");
  }

  /** A command factory whose `lecture` command knows only the fake experiment. */
  static CommandLine.IFactory factory() {
    Experiment fake = new FakeExperiment();
    LectureCommand.Catalog catalog = new LectureCommand.Catalog() {
      @Override
      public List<Experiment> all() {
        return List.of(fake);
      }

      @Override
      public Experiment byName(String name) {
        if (name.equals(fake.name())) return fake;
        throw new IllegalArgumentException("unknown experiment '" + name + "'; valid experiments: fake");
      }
    };
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == LectureCommand.class ? cls.cast(new LectureCommand(catalog)) : CommandLine.defaultFactory().create(cls);
      }
    };
  }
}
