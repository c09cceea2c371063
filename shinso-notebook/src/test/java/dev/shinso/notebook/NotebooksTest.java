package dev.shinso.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed notebooks are what running them gives: each was executed (by scripts/notebooks.sh
 * refresh) with the code it has now, no cell failed, and its HTML rendering is in docs/notebooks/.
 * A notebook whose code was edited and saved without running it again fails here, by name.
 */
class NotebooksTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  private static final Path NOTEBOOKS = ROOT.resolve("notebooks");

  @TestFactory
  Stream<DynamicTest> eachNotebookWasExecutedWithTheCodeItHasNow() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).as("notebooks in %s", NOTEBOOKS).isNotEmpty();
    return notebooks.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static void check(Path path) throws IOException {
    NotebookFile nb = NotebookFile.read(path);
    String name = "notebooks/" + path.getFileName();
    String refresh = "run: scripts/notebooks.sh refresh " + name;
    assertThat(nb.json().getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString())
        .as("%s: its kernel", name).isEqualTo("shinso");
    assertThat(nb.stampedHash()).as("%s was never executed by scripts/notebooks.sh refresh; %s", name, refresh)
        .isNotNull();
    assertThat(nb.codeHash()).as("%s: its code changed since it was executed, so its outputs are stale; %s", name,
        refresh).isEqualTo(nb.stampedHash());
    for (JsonObject cell : nb.codeCells()) {
      String source = NotebookFile.text(cell.get("source"));
      assertThat(cell.get("execution_count").isJsonNull()).as("%s: a cell was not executed:%n%s", name, source).isFalse();
      assertThat(cell.getAsJsonArray("outputs").asList()).as("%s: a cell failed:%n%s", name, source)
          .noneMatch(o -> o.getAsJsonObject().get("output_type").getAsString().equals("error"));
    }
    String html = path.getFileName().toString().replaceFirst("\\.ipynb$", ".html");
    assertThat(ROOT.resolve("docs/notebooks").resolve(html)).as("%s: its HTML rendering; %s", name, refresh).isRegularFile();
  }

  @Test
  void theHashCoversTheCodeCellsSourcesInOrderAndNothingElse() {
    String base = notebook("\"x\"", "[\"int a = 1;\\n\", \"a\"]", "\"b\"");
    String hash = hash(base);
    assertThat(hash(notebook("\"x changed\"", "[\"int a = 1;\\n\", \"a\"]", "\"b\""))).as("markdown").isEqualTo(hash);
    assertThat(hash(notebook("\"x\"", "\"int a = 1;\\na\"", "\"b\""))).as("lines or one string").isEqualTo(hash);
    assertThat(hash(notebook("\"x\"", "\"int a = 2;\\na\"", "\"b\""))).as("code").isNotEqualTo(hash);
    assertThat(hash(notebook("\"x\"", "\"b\"", "\"int a = 1;\\na\""))).as("order").isNotEqualTo(hash);
    assertThat(hash(notebook("\"x\"", "\"int a = 1;\\nab\"", "\"\""))).as("where cells split").isNotEqualTo(hash);
    // the value notebook_hash.py gives for code cells "int a = 1;\na" and "b"
    assertThat(hash).isEqualTo("c2ae4f35399e3e9718120aed0eca2f6995ff42253a5d88ebbcd9bbd77e5fc1b8");
  }

  private static String notebook(String markdown, String code1, String code2) {
    return """
        {"cells": [{"cell_type": "markdown", "source": %s},
                   {"cell_type": "code", "source": %s, "outputs": [{"output_type": "stream", "text": "o"}]},
                   {"cell_type": "code", "source": %s, "outputs": []}],
         "metadata": {}}""".formatted(markdown, code1, code2);
  }

  private static String hash(String json) {
    return new NotebookFile(Path.of("t.ipynb"), JsonParser.parseString(json).getAsJsonObject()).codeHash();
  }
}
