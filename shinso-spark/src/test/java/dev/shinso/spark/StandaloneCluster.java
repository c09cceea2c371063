package dev.shinso.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on this machine for tests: a master and workers, each its own JVM
 * started from Spark's own classes, all on 127.0.0.1 with free ports. No Spark distribution is
 * needed: a temporary SPARK_HOME holds {@code jars/} (links to the test's class-path jars, Spark's
 * among them) and the empty RELEASE file by which Spark's launcher recognises a distribution.
 *
 * <p>Executors get shinso's classes through {@code spark.jars}: the class path's folders
 * (target/classes, target/test-classes: surefire runs before {@code package}) are packed into jars
 * here, so the cluster tests run with the module's other tests, no failsafe phase needed.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";

  private final Path home;
  private final int masterPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final List<String> appJars = new ArrayList<>();
  private final Thread cleanupAtExit = new Thread(this::close);

  /** Starts a master and {@code workers} workers of {@code cores} cores each; returns once all workers registered. */
  static StandaloneCluster start(int workers, int cores) throws IOException, InterruptedException {
    return new StandaloneCluster(workers, cores);
  }

  private StandaloneCluster(int workerCount, int cores) throws IOException, InterruptedException {
    home = Files.createTempDirectory("shinso-spark-home");
    Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    Files.createFile(home.resolve("RELEASE"));
    Path jars = Files.createDirectories(home.resolve("jars"));
    Set<String> names = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) appJars.add(AppJars.pack(p).toString());
      else if (entry.endsWith(".jar") && Files.isRegularFile(p) && names.add(p.getFileName().toString())) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
      }
    }
    Files.createDirectories(home.resolve("logs"));
    masterPort = freePort();
    master = launch("master", "org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port",
        Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
    awaitLog("master", "Starting Spark master", master);
    for (int i = 0; i < workerCount; i++) launchWorker(cores);
    for (int i = 0; i < workerCount; i++) awaitLog("worker-" + i, "Successfully registered with master", workers.get(i));
  }

  /** Starts one more worker (as a cluster manager replaces a lost machine); returns its index once registered. */
  int addWorker(int cores) throws IOException, InterruptedException {
    int i = launchWorker(cores);
    awaitLog("worker-" + i, "Successfully registered with master", workers.get(i));
    return i;
  }

  private int launchWorker(int cores) throws IOException {
    int i = workers.size();
    Path work = Files.createDirectories(home.resolve("work-" + i));
    workers.add(launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--cores",
        Integer.toString(cores), "--memory", "2g", "--webui-port", Integer.toString(freePort()), "--work-dir",
        work.toString(), masterUrl()));
    return i;
  }

  String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  /** A driver in this JVM connected to the cluster: on loopback, executors of 512 MB that run shinso. */
  SparkSession session(String appName) {
    return session(appName, "512m");
  }

  /** As session(appName), with executors of the given memory (the workers offer 2 GB each). */
  SparkSession session(String appName, String executorMemory) {
    SparkSession s = SparkSession.builder().master(masterUrl()).appName(appName)
        .config("spark.driver.host", LOOPBACK)
        .config("spark.driver.bindAddress", LOOPBACK)
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", executorMemory)
        .config("spark.executor.extraJavaOptions", Sessions.EXECUTOR_JAVA_OPTIONS)
        .config("spark.jars", String.join(",", appJars))
        .getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }

  /** Kills worker i and the executors it started (by process id, at once, as a machine failure would). */
  void killWorker(int i) {
    Process w = workers.get(i);
    w.descendants().forEach(ProcessHandle::destroyForcibly);
    w.destroyForcibly();
    try {
      w.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean workerAlive(int i) {
    return workers.get(i).isAlive();
  }

  @Override
  public synchronized void close() {
    for (int i = 0; i < workers.size(); i++) killWorker(i);
    master.descendants().forEach(ProcessHandle::destroyForcibly);
    master.destroyForcibly();
    try {
      master.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PredictFixture.delete(home);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
    } catch (IllegalStateException shuttingDown) {
      // close() is the shutdown hook itself
    }
  }

  private Process launch(String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", home.resolve("jars") + File.separator + "*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");  // else "Cannot find any build directories"
    env.put("JAVA_HOME", System.getProperty("java.home"));  // executors run on this JDK 25
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.remove("SPARK_CONF_DIR");
    return pb.start();
  }

  private Path log(String name) {
    return home.resolve("logs").resolve(name + ".log");
  }

  /** Waits (at most 90 s: two shared cores start JVMs slowly) for a line in a process's log. */
  private void awaitLog(String name, String line, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log(name)) && Files.readString(log(name)).contains(line)) return;
      if (!p.isAlive()) break;
      Thread.sleep(200);
    }
    String text = Files.exists(log(name)) ? Files.readString(log(name)) : "";
    close();
    throw new IllegalStateException("spark " + name + " did not log \"" + line + "\" (alive: " + p.isAlive() + "); its log "
        + "ends:\n" + text.substring(Math.max(0, text.length() - 3000)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(LOOPBACK, 0));
      return s.getLocalPort();
    }
  }

}
