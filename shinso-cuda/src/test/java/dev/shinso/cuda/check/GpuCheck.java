package dev.shinso.cuda.check;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test suites from the class path without Maven, for the GPU machine (scripts/gpu-check.sh):
 * {@code GpuCheck OUT_DIR NAME [--packages p,q] [--classes C,D]}. Writes OUT_DIR/NAME.log (every
 * test with its result, failures with their stack traces, skips with their reasons) and prints
 * "NAME: N passed, N failed, N skipped"; exits 1 when a test failed.
 */
public final class GpuCheck {
  private GpuCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: GpuCheck OUT_DIR NAME [--packages p,q] [--classes C,D]");
      System.exit(2);
    }
    Path out = Files.createDirectories(Path.of(args[0]));
    String name = args[1];
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (int i = 2; i + 1 < args.length; i += 2) {
      for (String s : args[i + 1].split(",")) {
        switch (args[i]) {
          case "--packages" -> selectors.add(selectPackage(s));
          case "--classes" -> selectors.add(selectClass(s));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
        .filters(includeClassNamePatterns(".*Test")).build();
    Log log = new Log();
    long start = System.nanoTime();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, log);
    String summary = String.format("%s: %d passed, %d failed, %d skipped (%.1f s)", name, log.passed.get(),
        log.failed.get(), log.skipped.get(), (System.nanoTime() - start) / 1e9);
    log.text.append(summary).append('\n');
    Files.writeString(out.resolve(name + ".log"), log.text);
    System.out.println();  // a line of its own, after whatever the engines printed
    System.out.println(summary);
    System.exit(log.failed.get() == 0 ? 0 : 1);
  }

  /** Counts results and writes one line per test, with the failure's stack trace or the skip's reason. */
  private static final class Log implements TestExecutionListener {
    final AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
    final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
      skipped.incrementAndGet();
      text.append("SKIPPED ").append(id.getLegacyReportingName()).append(" in ").append(container(id)).append(": ")
          .append(reason).append('\n');
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
      String what = container(id) + " " + id.getDisplayName();
      switch (result.getStatus()) {
        case SUCCESSFUL -> {
          passed.incrementAndGet();
          text.append("ok ").append(what).append('\n');
        }
        case ABORTED -> {
          skipped.incrementAndGet();
          text.append("SKIPPED ").append(what).append(": ")
              .append(result.getThrowable().map(Throwable::getMessage).orElse("")).append('\n');
        }
        case FAILED -> {
          failed.incrementAndGet();
          StringWriter trace = new StringWriter();
          result.getThrowable().ifPresent(t -> t.printStackTrace(new PrintWriter(trace)));
          text.append("FAILED ").append(what).append('\n').append(trace).append('\n');
        }
      }
    }

    private static String container(TestIdentifier id) {
      return id.getSource().map(Object::toString).map(s -> s.replaceAll(".*className = '([^']*)'.*", "$1"))
          .orElse("?");
    }
  }
}
