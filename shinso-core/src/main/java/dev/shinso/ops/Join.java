package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** cat and stack join tensors; split and chunk cut one into views. */
public final class Join {
  private Join() {}

  public static Tensor cat(List<Tensor> tensors, int dim) {
    if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected at least one tensor");
    Tensor first = tensors.get(0);
    int d = Shape.normalizeDim(dim, first.dim(), "cat");
    int[] shape = first.shapeArray();
    int total = 0;
    for (Tensor t : tensors) {
      boolean ok = t.dim() == first.dim() && t.dtype() == first.dtype();
      for (int i = 0; ok && i < shape.length; i++) ok = i == d || t.size(i) == shape[i];
      if (!ok) {
        throw new IllegalArgumentException("cat: tensors must have the same dtype and shape except in dimension "
            + d + ", got " + shapes(tensors));
      }
      total += t.size(d);
    }
    shape[d] = total;
    Devices.common("cat", tensors.toArray(new Tensor[0]));
    Tensor out = Tensor.empty(first.device(), first.dtype(), shape);
    int[] starts = new int[tensors.size()];
    int offset = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      starts[i] = offset;
      out.backend().copyInto(Views.narrowRaw(out, d, offset, t.size(d)), t);
      offset += t.size(d);
    }
    Tensor[] inputs = tensors.toArray(new Tensor[0]);
    return Autograd.record("cat", out, inputs, g -> {
      Tensor[] grads = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) grads[i] = g.narrow(d, starts[i], inputs[i].size(d));
      return grads;
    });
  }

  /** Joins along a new dim; all tensors must have the same shape. */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected at least one tensor");
    int[] shape = tensors.get(0).shapeArray();
    for (Tensor t : tensors) {
      if (!java.util.Arrays.equals(t.shapeArray(), shape)) {
        throw new IllegalArgumentException("stack: all tensors must have the same shape, got " + shapes(tensors));
      }
    }
    int d = Shape.normalizeDim(dim, shape.length + 1, "stack");
    List<Tensor> expanded = new ArrayList<>();
    for (Tensor t : tensors) expanded.add(t.unsqueeze(d));
    return cat(expanded, d);
  }

  /** Views of size splitSize along dim (the last may be smaller). */
  public static List<Tensor> split(Tensor x, int splitSize, int dim) {
    int d = Shape.normalizeDim(dim, x.dim(), "split");
    if (splitSize <= 0) throw new IllegalArgumentException("split: split size must be positive, got " + splitSize);
    List<Tensor> parts = new ArrayList<>();
    int size = x.size(d);
    for (int start = 0; start < size || (size == 0 && parts.isEmpty()); start += splitSize) {
      parts.add(x.narrow(d, start, Math.min(splitSize, size - start)));
      if (size == 0) break;
    }
    return parts;
  }

  /** At most chunks views of equal size along dim (the last may be smaller), as torch.chunk. */
  public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
    int d = Shape.normalizeDim(dim, x.dim(), "chunk");
    int size = x.size(d);
    return split(x, Math.max(1, (size + chunks - 1) / chunks), d);
  }

  private static String shapes(List<Tensor> tensors) {
    return tensors.stream().map(t -> t.shapeString() + " " + t.dtype()).toList().toString();
  }
}
