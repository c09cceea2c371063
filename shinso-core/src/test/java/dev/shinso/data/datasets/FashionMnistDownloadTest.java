package dev.shinso.data.datasets;

import dev.shinso.testing.RealData;

import static dev.shinso.data.datasets.IdxFiles.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a local HTTP server on 127.0.0.1 that serves copies of the real files (or broken
 * ones). Nothing here reaches beyond the loopback interface.
 */
class FashionMnistDownloadTest {
  private static final String LABELS = "t10k-labels-idx1-ubyte";
  private static final String IMAGES = "t10k-images-idx3-ubyte";

  @TempDir Path served;
  @TempDir Path target;
  private HttpServer server;
  private final Map<String, Integer> requests = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring(1);
      requests.merge(name, 1, Integer::sum);
      Path file = served.resolve(name);
      if (name.contains("/") || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private MnistBuilder<FashionMnist> testSplitInto(Path root) {
    return FashionMnist.builder().train(false).root(root).variables(name -> null).home(target.resolve("home"));
  }

  private void serveReal(String name) throws IOException {
    Files.copy(RealData.fashionMnistDir().resolve(name + ".gz"), served.resolve(name + ".gz"));
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void downloadsVerifiesStoresAndLoads() throws IOException {
    serveReal(IMAGES);
    serveReal(LABELS);
    // the URL comes from the SHINSO_FASHION_MNIST_URL variable here; baseUrl() is used below
    FashionMnist d = testSplitInto(target).variables(n -> n.equals("SHINSO_FASHION_MNIST_URL") ? url() : null).build();
    assertThat(d.size()).isEqualTo(10_000);
    assertThat(d.labels().toLongArray()).startsWith(9, 2, 1, 1, 6);
    Path dir = target.resolve("fashion-mnist");
    assertThat(filesUnder(target)).containsExactlyInAnyOrder(dir.resolve(IMAGES + ".gz"), dir.resolve(LABELS + ".gz"));
    assertThat(dir.resolve(LABELS + ".gz")).hasSameBinaryContentAs(served.resolve(LABELS + ".gz"));
    // the permissions a plain new file gets here (the umask's), not a temp file's 0600
    Path plain = Files.createFile(target.resolve("plain"));
    assertThat(Files.getPosixFilePermissions(dir.resolve(LABELS + ".gz"))).isEqualTo(Files.getPosixFilePermissions(plain));
    Files.delete(plain);

    // a second load finds the stored files and asks the server for nothing
    requests.clear();
    assertThat(testSplitInto(target).baseUrl(url()).build().size()).isEqualTo(10_000);
    assertThat(requests).isEmpty();
  }

  @Test
  void aFileWithTheWrongContentIsRejectedAndNothingIsKept() throws IOException {
    serveReal(IMAGES);
    byte[] labels;
    try (InputStream in = Idx.open(RealData.fashionMnistDir().resolve(LABELS + ".gz"))) {
      labels = in.readAllBytes();
    }
    labels[8] = (byte) ((labels[8] + 1) % 10); // still a valid IDX file, but one label is wrong
    Files.write(served.resolve(LABELS + ".gz"), gzip(labels));
    String actual = sha256(labels);

    assertThatThrownBy(() -> testSplitInto(target).baseUrl(url()).build()).isInstanceOf(IOException.class)
        .hasMessageContaining(LABELS + ".gz").hasMessageContaining(url() + LABELS + ".gz")
        .hasMessageContaining("SHA-256 " + actual)
        .hasMessageContaining("expected " + MnistFamily.FASHION_MNIST.sha256().get(LABELS));
    assertThat(filesUnder(target)).isEmpty();
  }

  @Test
  void aTruncatedDownloadIsRejectedAndNothingIsKept() throws IOException {
    byte[] real = Files.readAllBytes(RealData.fashionMnistDir().resolve(LABELS + ".gz"));
    Files.write(served.resolve(LABELS + ".gz"), Arrays.copyOf(real, real.length / 2));
    assertThatThrownBy(() -> testSplitInto(target).baseUrl(url()).build()).isInstanceOf(IOException.class)
        .hasMessageContaining(LABELS + ".gz").hasMessageContaining("nothing was kept");
    assertThat(filesUnder(target)).isEmpty();
  }

  @Test
  void aMissingFileOnTheServerNamesTheUrlAndStatus() throws IOException {
    assertThatThrownBy(() -> testSplitInto(target).baseUrl(url()).build()).isInstanceOf(IOException.class)
        .hasMessageContaining(url() + LABELS + ".gz").hasMessageContaining("HTTP status 404")
        .hasMessageContaining("looked in " + target); // and how to get the files by hand
    assertThat(filesUnder(target)).isEmpty();
  }

  @Test
  void anUnreachableServerSaysSoAndHowToGetTheFilesByHand() throws IOException {
    String url = url();
    server.stop(0); // nothing listens on the port now: connection refused, still on loopback
    assertThatThrownBy(() -> testSplitInto(target).baseUrl(url).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("download of " + url + LABELS + ".gz failed")
        .hasMessageContaining("looked in " + target).hasMessageContaining("To get the files");
    assertThat(filesUnder(target)).isEmpty();
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
