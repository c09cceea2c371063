package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The PyTorch reference cases written by src/test/python/generate_nn_reference.py, and the one
 * check every layer and loss goes through: load the state, run forward, compare output, gradients
 * of sum(output · probe) and buffers within 1e-5 relative + 1e-6 absolute.
 */
final class ReferenceCases {
  static final double RTOL = 1e-5, ATOL = 1e-6;

  private ReferenceCases() {}

  /** One case of a reference file (see the generator's docstring for the fields). */
  record Case(String name, String module, JsonNode config, boolean train, Map<String, Tensor> inputs,
      Map<String, Tensor> state, Tensor output, Tensor probe, Map<String, Tensor> grads, Map<String, Tensor> stateAfter) {
    @Override
    public String toString() {
      return name;
    }

    double config(String key, double fallback) {
      return config.has(key) ? config.get(key).asDouble() : fallback;
    }

    int configInt(String key) {
      if (!config.has(key)) throw new IllegalArgumentException(name + ": config has no " + key);
      return config.get(key).asInt();
    }

    Reduction reduction() {
      return config.has("reduction") ? Reduction.valueOf(config.get("reduction").asText().toUpperCase()) : Reduction.MEAN;
    }
  }

  static List<Case> load(String file) {
    try (InputStream in = ReferenceCases.class.getResourceAsStream("/reference/" + file)) {
      if (in == null) throw new IllegalStateException("missing test resource /reference/" + file);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : new ObjectMapper().readTree(in)) {
        cases.add(new Case(c.get("name").asText(), c.get("module").asText(), c.get("config"), c.get("train").asBoolean(),
            tensors(c.get("inputs")), tensors(c.get("state")), tensor(c.get("output")), tensor(c.get("probe")),
            tensors(c.get("grads")), tensors(c.get("state_after"))));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Tensor> tensors(JsonNode node) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), tensor(e.getValue())));
    return out;
  }

  static Tensor tensor(JsonNode node) {
    JsonNode shapeNode = node.get("shape"), data = node.get("data");
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asInt();
    int n = data.size();
    Tensor flat;
    if (node.get("dtype").asText().equals("int64")) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) v[i] = data.get(i).asLong();
      flat = Tensor.ofLongs(v, 1, n);
    } else {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) v[i] = (float) data.get(i).asDouble();
      flat = Tensor.of(v, 1, n);
    }
    return flat.reshape(shape).contiguousCopy();
  }

  /** Module cases: load state, set mode, forward, then output, gradients and buffers against PyTorch. */
  static void checkModule(Case c, Module m) {
    m.loadStateDict(c.state(), true);
    if (c.train()) m.train();
    else m.eval();
    Map<String, Tensor> inputs = fresh(c.inputs());
    Tensor out = m.forward(inputs.get("input"));
    checkOutputAndGrads(c, out, inputs, m.namedParameters());
    Map<String, Tensor> buffers = m.namedBuffers();
    assertThat(buffers.keySet()).as(c.name() + " buffers").containsExactlyElementsOf(c.stateAfter().keySet());
    c.stateAfter().forEach((k, expected) -> assertClose(buffers.get(k), expected, c.name() + " buffer " + k));
  }

  /** Loss cases: forward(input, target), then the output and the input's gradient. */
  static void checkLoss(Case c, Loss loss) {
    Map<String, Tensor> inputs = fresh(c.inputs());
    Tensor out = loss.forward(inputs.get("input"), inputs.get("target"));
    checkOutputAndGrads(c, out, inputs, Map.of());
  }

  /** Copies of the inputs; the float "input" requires grad. */
  private static Map<String, Tensor> fresh(Map<String, Tensor> inputs) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    inputs.forEach((k, v) -> {
      Tensor t = v.contiguousCopy();
      if (k.equals("input") && t.dtype() == dev.shinso.tensor.DType.FLOAT32) t.requiresGrad(true);
      out.put(k, t);
    });
    return out;
  }

  private static void checkOutputAndGrads(Case c, Tensor out, Map<String, Tensor> inputs, Map<String, Parameter> params) {
    assertClose(out, c.output(), c.name() + " output");
    if (c.grads().isEmpty()) return;
    out.mul(c.probe()).sum().backward();
    c.grads().forEach((k, expected) -> {
      Tensor leaf = inputs.containsKey(k) ? inputs.get(k) : params.get(k);
      assertThat(leaf).as(c.name() + ": no input or parameter named " + k).isNotNull();
      Tensor grad = leaf.grad() != null ? leaf.grad() : Tensor.zeros(leaf.shapeArray());
      assertClose(grad, expected, c.name() + " grad of " + k);
    });
  }

  static void assertClose(Tensor actual, Tensor expected, String what) {
    assertThat(actual.shapeArray()).as(what + " shape").containsExactly(expected.shapeArray());
    assertThat(actual.dtype()).as(what + " dtype").isEqualTo(expected.dtype());
    float[] a = actual.toFloatArray(), e = expected.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      double tol = ATOL + RTOL * Math.abs(e[i]);
      if (!(Math.abs(a[i] - e[i]) <= tol)) {
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i] + " (tolerance "
            + tol + ")");
      }
    }
  }

  /** One dynamic test per case of file: make builds the module or loss for a case, then the matching check runs. */
  static Stream<DynamicTest> tests(String file, Function<Case, Object> make) {
    List<Case> cases = load(file);
    assertThat(cases).as(file).isNotEmpty();
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Object m = make.apply(c);
      if (m instanceof Loss loss) checkLoss(c, loss);
      else checkModule(c, (Module) m);
    }));
  }
}
