package dev.shinso.notebook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A committed .ipynb as JSON, with the hash of its code that scripts/notebook_hash.py stamps into it. */
record NotebookFile(Path path, JsonObject json) {
  static NotebookFile read(Path path) throws IOException {
    return new NotebookFile(path, JsonParser.parseString(Files.readString(path)).getAsJsonObject());
  }

  List<JsonObject> cells() {
    return json.getAsJsonArray("cells").asList().stream().map(JsonElement::getAsJsonObject).toList();
  }

  List<JsonObject> codeCells() {
    return cells().stream().filter(c -> c.get("cell_type").getAsString().equals("code")).toList();
  }

  /** The hash the notebook was executed with (metadata shinso.code_sha256), or null. */
  String stampedHash() {
    JsonObject shinso = json.getAsJsonObject("metadata").getAsJsonObject("shinso");
    return shinso == null || !shinso.has("code_sha256") ? null : shinso.get("code_sha256").getAsString();
  }

  /**
   * As notebook_hash.py computes it: SHA-256 over the code cells' sources in order, each as UTF-8
   * preceded by its length in bytes and a colon. Markdown and outputs do not count.
   */
  String codeHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (JsonObject cell : codeCells()) {
        byte[] source = text(cell.get("source")).getBytes(StandardCharsets.UTF_8);
        sha.update((source.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(source);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** nbformat's multiline text: one string, or a list of lines that each keep their newline. */
  static String text(JsonElement e) {
    if (!e.isJsonArray()) return e.getAsString();
    StringBuilder sb = new StringBuilder();
    e.getAsJsonArray().forEach(line -> sb.append(line.getAsString()));
    return sb.toString();
  }
}
