package dev.shinso.spark;

import dev.shinso.spark.TestImages.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** One folder of test PNGs and one trained checkpoint for all predict tests of this JVM (made on first use, deleted at exit). */
final class PredictFixture {
  static final int IMAGES = 150;

  private PredictFixture() {}

  record Data(Path images, Path checkpoint, Map<String, Prediction> expected) {}

  private static Data data;

  static synchronized Data get() {
    if (data == null) {
      try {
        Path root = Files.createTempDirectory("shinso-spark-predict");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        Path images = Files.createDirectories(root.resolve("images"));
        TestImages.writePngs(IMAGES, images);
        Path checkpoint = TestImages.trainedMlp(root.resolve("mlp.safetensors"));
        data = new Data(images, checkpoint, TestImages.singleProcess(checkpoint, images));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return data;
  }

  static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
