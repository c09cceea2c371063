package dev.shinso.spark;

import org.apache.spark.sql.SparkSession;

/** Spark in the test JVM (local mode): on loopback, no web UI, quiet. Each test class opens its own and closes it. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession open(int cores) {
    SparkSession s = SparkSession.builder().master("local[" + cores + "]").appName("shinso-spark test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }
}
