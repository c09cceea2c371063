package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The reference problem of generate_optim_reference.py (a linear layer y = x wᵀ + b under the mean
 * squared error against t) and its optimiser trajectories from PyTorch.
 */
final class OptimReference {
  static final double RELATIVE = 1e-5;
  static final double ABSOLUTE = 1e-7;

  private final JsonNode root;

  private OptimReference(JsonNode root) {
    this.root = root;
  }

  static OptimReference read(String file) {
    try (InputStream in = OptimReference.class.getResourceAsStream("/reference/" + file)) {
      assertThat(in).as("resource /reference/" + file).isNotNull();
      return new OptimReference(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Tensor tensor(JsonNode node) {
    JsonNode values = node.get("values"), shape = node.get("shape");
    float[] data = new float[values.size()];
    for (int i = 0; i < data.length; i++) data[i] = (float) values.get(i).asDouble();
    int[] dims = new int[shape.size()];
    for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).asInt();
    return Tensor.of(data, dims);
  }

  /** Fresh parameters w, b at the problem's starting point. */
  List<Parameter> parameters() {
    JsonNode p = root.get("problem");
    return List.of(new Parameter(tensor(p.get("w"))), new Parameter(tensor(p.get("b"))));
  }

  /** mean((x wᵀ + b − t)²). */
  Tensor loss(List<Parameter> params) {
    JsonNode p = root.get("problem");
    Tensor residual = tensor(p.get("x")).matmul(params.get(0).t()).add(params.get(1)).sub(tensor(p.get("t")));
    return residual.mul(residual).mean();
  }

  /** One optimisation step on the reference loss. */
  void step(Optimizer optimizer, List<Parameter> params) {
    optimizer.zeroGrad();
    loss(params).backward();
    optimizer.step();
  }

  private JsonNode referenceCase(String name) {
    for (JsonNode c : root.get("cases")) if (c.get("name").asText().equals(name)) return c;
    throw new AssertionError("no reference case " + name);
  }

  /** Runs the optimiser that make builds over [w, b] and checks w and b after every step against PyTorch. */
  void assertMatches(String caseName, Function<List<Parameter>, Optimizer> make) {
    JsonNode steps = referenceCase(caseName).get("steps");
    List<Parameter> params = parameters();
    Optimizer optimizer = make.apply(params);
    for (int s = 0; s < steps.size(); s++) {
      step(optimizer, params);
      assertClose(caseName + " step " + (s + 1) + " w", params.get(0), tensor(steps.get(s).get("w")));
      assertClose(caseName + " step " + (s + 1) + " b", params.get(1), tensor(steps.get(s).get("b")));
    }
  }

  static void assertClose(String what, Tensor actual, Tensor expected) {
    assertThat(actual.shapeArray()).as(what + " shape").isEqualTo(expected.shapeArray());
    float[] a = actual.toFloatArray(), e = expected.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      double tolerance = RELATIVE * Math.abs(e[i]) + ABSOLUTE;
      if (!(Math.abs(a[i] - e[i]) <= tolerance)) {
        throw new AssertionError(what + "[" + i + "] = " + a[i] + ", PyTorch " + e[i] + " (tolerance " + tolerance + ")");
      }
    }
  }
}
