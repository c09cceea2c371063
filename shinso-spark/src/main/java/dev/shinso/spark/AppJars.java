package dev.shinso.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need for shinso's classes (Spark's own they have): the jar each
 * given class was loaded from. A class loaded from a folder (target/classes, when tests or an IDE run
 * before packaging) is packed into a temporary jar, since executors fetch jars, not folders.
 */
public final class AppJars {
  private AppJars() {}

  public static List<String> of(Class<?>... classes) {
    Set<String> jars = new LinkedHashSet<>();
    for (Class<?> c : classes) {
      Path where;
      try {
        where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException | NullPointerException e) {
        throw new IllegalStateException("cannot tell where class " + c.getName() + " was loaded from", e);
      }
      jars.add((Files.isDirectory(where) ? pack(where) : where).toString());
    }
    return List.copyOf(jars);
  }

  /** The folder's files as a temporary jar, deleted when this JVM exits. */
  static Path pack(Path folder) {
    try {
      Path jar = Files.createTempFile("shinso-app-", ".jar");
      jar.toFile().deleteOnExit();
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(folder)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, (OutputStream) out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + folder + " into a jar for the executors: " + e.getMessage(), e);
    }
  }
}
