package dev.shinso.data.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Finds the files of an MNIST-family data set, downloading the missing ones when allowed.
 *
 * <p>Where it looks, in order: the explicit root when one is given (and nowhere else); otherwise
 * {@code SHINSO_DATA}, {@code ~/.shinso/data}, then the family's system directories (Debian's
 * {@code /usr/share/datasets/fashion-mnist}). In each directory both {@code <dir>/<file>} and
 * {@code <dir>/<family>/<file>} count, each gzipped ({@code .gz}) or plain. Downloads go to
 * {@code <root or SHINSO_DATA or ~/.shinso/data>/<family>/<file>.gz}.
 */
final class DataFiles {
  static final String DATA_VARIABLE = "SHINSO_DATA";

  private DataFiles() {}

  /**
   * The settings of one load: root may be null; baseUrl null means the family's variable or default;
   * variables looks up a system property or environment variable by name; home is the user's home.
   */
  record Settings(Path root, boolean download, String baseUrl, UnaryOperator<String> variables, Path home) {}

  /** The paths of the named files (without extension), in the same order. */
  static List<Path> locate(MnistFamily family, List<String> names, Settings settings) throws IOException {
    List<Path> places = places(family, settings);
    List<Path> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Path p = find(places, name);
      found.add(p);
      if (p == null) missing.add(name);
    }
    if (missing.isEmpty()) return found;
    if (!settings.download()) throw notFound(family, names, missing, places, settings);

    Path target = downloadDir(settings).resolve(family.dirName());
    String base = baseUrl(family, settings);
    // Labels first: the small file fails fast when the server is wrong.
    for (int i = names.size() - 1; i >= 0; i--) {
      if (found.get(i) != null) continue;
      String name = names.get(i);
      Path file = target.resolve(name + ".gz");
      try {
        Download.fetch(family.name(), URI.create(base + name + ".gz"), file, family.sha256().get(name));
      } catch (IOException e) {
        // Offline users need the manual route too, not only the network error.
        throw new IOException(e.getMessage() + ". " + notFound(family, names, missing, places, settings).getMessage()
            .replace(", or enable download(true)", ""), e);
      }
      found.set(i, file);
    }
    return found;
  }

  /** The directories to look in, each base directory followed by its {@code <family>} subdirectory. */
  private static List<Path> places(MnistFamily family, Settings s) {
    Set<Path> bases = new LinkedHashSet<>();
    if (s.root() != null) {
      bases.add(s.root());
    } else {
      String env = s.variables().apply(DATA_VARIABLE);
      if (env != null && !env.isBlank()) bases.add(Path.of(env));
      bases.add(s.home().resolve(".shinso").resolve("data"));
      for (String dir : family.systemDirs()) bases.add(Path.of(dir));
    }
    List<Path> places = new ArrayList<>();
    for (Path b : bases) {
      places.add(b);
      places.add(b.resolve(family.dirName()));
    }
    return places;
  }

  private static Path find(List<Path> places, String name) {
    for (Path dir : places) {
      for (String fileName : List.of(name + ".gz", name)) {
        Path p = dir.resolve(fileName);
        if (Files.isRegularFile(p)) return p;
      }
    }
    return null;
  }

  private static Path downloadDir(Settings s) {
    if (s.root() != null) return s.root();
    String env = s.variables().apply(DATA_VARIABLE);
    return env != null && !env.isBlank() ? Path.of(env) : s.home().resolve(".shinso").resolve("data");
  }

  private static String baseUrl(MnistFamily family, Settings s) {
    String url = s.baseUrl() != null ? s.baseUrl() : s.variables().apply(family.urlVariable());
    if (url == null || url.isBlank()) url = family.defaultUrl();
    return url.endsWith("/") ? url : url + "/";
  }

  private static IOException notFound(MnistFamily family, List<String> names, List<String> missing, List<Path> places,
      Settings s) {
    String files = names.stream().map(n -> n + ".gz").collect(Collectors.joining(", "));
    String where = places.stream().map(Path::toString).collect(Collectors.joining(", "));
    return new IOException(family.name() + ": missing " + missing.stream().map(n -> n + "[.gz]")
        .collect(Collectors.joining(" and ")) + "; looked in " + where + ". To get the files, download " + files
        + " from " + baseUrl(family, s) + " into " + (s.root() != null ? s.root() : "one of these directories")
        + (s.root() != null ? "" : ", or set " + DATA_VARIABLE + " to the directory that holds them")
        + (family.systemDirs().isEmpty() ? "" : ", or install Debian's dataset-" + family.dirName() + " package")
        + ", or enable download(true)");
  }
}
