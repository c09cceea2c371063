package dev.shinso.data.datasets;

import dev.shinso.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Fetches one file over HTTP into a temporary file beside its target, checks the SHA-256 of its
 * (decompressed) content, and only then moves it into place atomically, so that a half-written or
 * wrong file never sits under the real name.
 */
final class Download {
  private static final System.Logger LOG = System.getLogger(Download.class.getName());

  private Download() {}

  static void fetch(String owner, URI url, Path target, String expectedSha256) throws IOException {
    Path temp = AtomicFiles.temporaryFor(target); // not createTempFile, whose 0600 the data file would keep
    boolean moved = false;
    try {
      LOG.log(System.Logger.Level.INFO, "{0}: downloading {1} to {2}", owner, url, target);
      HttpResponse<Path> response;
      try (HttpClient client = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30))
          .build()) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build();
        response = client.send(request, HttpResponse.BodyHandlers.ofFile(temp));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(owner + ": download of " + url + " was interrupted");
      } catch (IOException e) {
        throw new IOException(owner + ": download of " + url + " failed: " + e, e);
      }
      if (response.statusCode() != 200) {
        throw new IOException(owner + ": download of " + url + " failed: HTTP status " + response.statusCode());
      }
      String actual;
      try {
        actual = contentSha256(temp);
      } catch (IOException e) {
        throw new IOException(owner + ": " + url + " did not give a readable file for " + target.getFileName() + " ("
            + e.getMessage() + "); nothing was kept", e);
      }
      if (!actual.equals(expectedSha256)) {
        throw new IOException(owner + ": " + target.getFileName() + " downloaded from " + url
            + " has the wrong content: SHA-256 " + actual + ", expected " + expectedSha256 + "; nothing was kept");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(temp);
    }
  }

  /** SHA-256 (lower-case hex) of the file's bytes, decompressed first when it is gzipped. */
  static String contentSha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    try (InputStream in = Idx.open(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) != -1; ) digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
