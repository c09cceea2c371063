package dev.shinso.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where predict's images come from: a folder of image files, or a parquet file of (path, content) rows. */
public final class SparkImages {
  private SparkImages() {}

  /** The image files the binaryFile source takes from a folder (and its subfolders); the rest are ignored. */
  public static final String IMAGE_GLOB = "*.{png,jpg,jpeg,gif,bmp,PNG,JPG,JPEG,GIF,BMP}";

  /**
   * (path, content, ...) rows: parquet when input names one (a name ending in .parquet, or a folder
   * Spark wrote parquet into), else the image files under the folder input.
   */
  public static Dataset<Row> read(SparkSession spark, String input) {
    if (isParquet(input)) return spark.read().parquet(input);
    return spark.read().format("binaryFile").option("pathGlobFilter", IMAGE_GLOB).option("recursiveFileLookup", "true")
        .load(input);
  }

  static boolean isParquet(String input) {
    if (input.toLowerCase(Locale.ROOT).endsWith(".parquet")) return true;
    Path dir;
    try {
      dir = Path.of(input.startsWith("file:") ? input.substring("file:".length()) : input);
    } catch (RuntimeException notALocalPath) {
      return false;
    }
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).anyMatch(n -> n.equals("_SUCCESS") || n.endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
