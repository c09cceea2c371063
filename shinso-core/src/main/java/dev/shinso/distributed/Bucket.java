package dev.shinso.distributed;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Some parameters' gradients laid end to end in one array, all-reduced as one message once all of
 * them are in. Each parameter has a CPU view of its slice, made once, to copy its gradient in and
 * the sum back out through the public tensor API (the gradient may live on another device).
 */
final class Bucket {
  final int index;
  final float[] data;
  final List<Parameter> params;
  final Tensor[] slices;
  final boolean[] ready;
  int pending;
  Future<?> done;

  Bucket(int index, List<Parameter> params) {
    this.index = index;
    this.params = List.copyOf(params);
    int total = 0;
    for (Parameter p : params) total = Math.addExact(total, p.numel());
    data = new float[total];
    slices = new Tensor[params.size()];
    Tensor all = Tensor.wrap(data, total);
    int at = 0;
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      slices[i] = all.narrow(0, at, p.numel()).view(p.shapeArray());
      at += p.numel();
    }
    ready = new boolean[params.size()];
    pending = params.size();
  }

  /** Copies p's gradient into its slice; no gradient counts as zeros. */
  void take(int i) {
    Tensor g = params.get(i).grad();
    if (g == null) slices[i].zero_();
    else slices[i].copy_(g);
    ready[i] = true;
    pending--;
  }

  void reset() {
    java.util.Arrays.fill(ready, false);
    pending = params.size();
    done = null;
  }
}
