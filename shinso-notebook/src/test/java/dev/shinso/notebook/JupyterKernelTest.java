package dev.shinso.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shinso.notebook.install.KernelSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel as Jupyter runs it, from this JVM's java and class path: a session driven by
 * jupyter_client (interrupt, completion, display ids) and a notebook executed by nbconvert. Skipped,
 * saying why, where Jupyter's nbconvert is not installed (.ci/run installs it).
 */
class JupyterKernelTest {
  @TempDir static Path dataDir;
  private static Path jupyter;

  @BeforeAll
  static void installKernelSpec() throws IOException, InterruptedException {
    jupyter = JupyterTool.find();
    String missing = jupyter == null ? "no 'jupyter' on the PATH"
        : JupyterTool.run(List.of(jupyter.toString(), "nbconvert", "--version"), dataDir, 60).exitCode() != 0
            ? "'jupyter nbconvert' does not run" : null;
    if (missing != null) {
      String reason = "JupyterKernelTest skipped: " + missing + " (Debian: apt-get install jupyter-nbconvert "
          + "python3-nbclient python3-ipykernel)";
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    Path spec = Files.createDirectories(dataDir.resolve("kernels").resolve(KernelSpec.NAME));
    Files.writeString(spec.resolve("kernel.json"), KernelSpec.ofThisJvm().json());
  }

  @Test
  void aFrontendSessionRunsCellsShowsDisplaysCompletesAndSurvivesAnInterrupt() throws Exception {
    List<String> command = new ArrayList<>(JupyterTool.python(jupyter));
    command.add(resource("kernel_session.py").toString());
    JupyterTool.Result r = JupyterTool.run(command, dataDir, 300);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("kernel session: 12 checks passed");
  }

  @Test
  void nbconvertExecutesANotebookKeepingOneProgressOutputAndTheFigures() throws Exception {
    Path out = dataDir.resolve("executed");
    JupyterTool.Result r = JupyterTool.run(List.of(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=120", "--output-dir", out.toString(), resource("smoke.ipynb").toString()),
        dataDir, 300);
    assertThat(r.exitCode()).as(r.output()).isZero();
    JsonArray cells = JsonParser.parseString(Files.readString(out.resolve("smoke.ipynb"))).getAsJsonObject()
        .getAsJsonArray("cells");
    assertThat(text(outputs(cells, 1).get(0))).isEqualTo("tensor(4., shape=[], dtype=float32)");
    List<JsonObject> progress = outputs(cells, 2);
    assertThat(progress).hasSize(1); // updated in place: the notebook keeps the last state only
    assertThat(text(progress.get(0))).startsWith("steps " + "█".repeat(24) + " 5/5  step 4");
    assertThat(outputs(cells, 3)).hasSize(2).allSatisfy(o ->
        assertThat(o.getAsJsonObject("data").get("image/png").getAsString()).startsWith("iVBORw0KGgo"));
  }

  private static List<JsonObject> outputs(JsonArray cells, int cell) {
    return cells.get(cell).getAsJsonObject().getAsJsonArray("outputs").asList().stream()
        .map(JsonElement::getAsJsonObject).toList();
  }

  /** An output's text/plain, which nbformat may store as a list of lines. */
  private static String text(JsonObject output) {
    JsonElement t = output.getAsJsonObject("data").get("text/plain");
    if (!t.isJsonArray()) return t.getAsString();
    StringBuilder sb = new StringBuilder();
    t.getAsJsonArray().forEach(l -> sb.append(l.getAsString()));
    return sb.toString();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(JupyterKernelTest.class.getResource(name).toURI());
  }
}
