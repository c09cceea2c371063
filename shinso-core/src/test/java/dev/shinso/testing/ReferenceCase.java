package dev.shinso.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * One case of a PyTorch reference file (src/test/resources/reference/*.json, written by the scripts
 * in src/test/python): named inputs, the output, the loss weight w of sum(output · w) and the
 * gradients of that loss. See a script's header for the format.
 */
public record ReferenceCase(String name, String op, JsonNode params, Map<String, Tensor> inputs, Tensor output,
    Tensor lossWeight, Map<String, Tensor> grads, JsonNode raw) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cases of /reference/{file}.json. */
  public static List<ReferenceCase> load(String file) {
    String path = "/reference/" + file + ".json";
    JsonNode doc;
    try (InputStream in = ReferenceCase.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing test resource " + path);
      doc = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ReferenceCase> cases = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      for (JsonNode in : c.get("inputs")) inputs.put(in.get("name").asText(), tensor(in));
      Map<String, Tensor> grads = new LinkedHashMap<>();
      c.get("grads").fields().forEachRemaining(e -> grads.put(e.getKey(), tensor(e.getValue())));
      cases.add(new ReferenceCase(c.get("name").asText(), c.get("op").asText(), c.get("params"), inputs,
          tensor(c.get("output")), tensor(c.get("weight")), grads, c));
    }
    if (cases.isEmpty()) throw new IllegalStateException(path + " has no cases");
    return cases;
  }

  /** A float32 or int64 tensor from {"shape", "values"(, "dtype")}. */
  public static Tensor tensor(JsonNode node) {
    int[] shape = ints(node.get("shape"));
    JsonNode values = node.get("values");
    if ("int64".equals(node.path("dtype").asText())) {
      long[] v = new long[values.size()];
      for (int i = 0; i < v.length; i++) v[i] = values.get(i).asLong();
      return Tensor.ofLongs(v, shape);
    }
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) values.get(i).asDouble();
    return Tensor.of(v, shape);
  }

  public static int[] ints(JsonNode array) {
    int[] a = new int[array.size()];
    for (int i = 0; i < a.length; i++) a[i] = array.get(i).asInt();
    return a;
  }

  public int[] intParams(String key) {
    return ints(params.get(key));
  }

  /** A copy of the named input as a fresh leaf that requires grad (null when the case has none). */
  public Tensor leaf(String input) {
    Tensor t = inputs.get(input);
    return t == null ? null : t.contiguousCopy().requiresGrad(true);
  }

  /** Shapes equal and every |actual − expected| ≤ atol + rtol·|expected|; the message names the element. */
  public static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
    if (!Arrays.equals(actual.shapeArray(), expected.shapeArray())) {
      throw new AssertionFailedError(what + ": shape " + actual.shapeString() + ", expected " + expected.shapeString());
    }
    float[] a = actual.toFloatArray(), e = expected.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      double tol = atol + rtol * Math.abs(e[i]);
      if (!(Math.abs(a[i] - e[i]) <= tol)) {
        throw new AssertionFailedError(String.format("%s: element %d is %.9g, expected %.9g (|diff| %.3g > %.3g)",
            what, i, a[i], e[i], Math.abs(a[i] - e[i]), tol), e[i], a[i]);
      }
    }
  }
}
