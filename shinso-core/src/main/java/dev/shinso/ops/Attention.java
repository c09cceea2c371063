package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scaled dot-product attention, softmax(q·kᵀ/√d + mask)·v over the last two dims of q [..., L, d],
 * k [..., S, d] and v [..., S, dv] (leading dims broadcast, as matmul's). With causal, query i sees
 * keys 0…i only (PyTorch's is_causal: the mask is the lower triangle, top-left aligned).
 *
 * <p>Where q, k and v share their leading dims this runs the backend's attention kernels (on the
 * CPU one pass each way that skips the masked keys); otherwise, or with {@code -Dshinso.fusedAttention=false},
 * the composite of matmul, maskedFill and softmax, whose backward is theirs. Both are checked
 * against the same PyTorch values; shinso-bench/README.md has their timings.
 */
public final class Attention {
  private Attention() {}

  /** Masks of 1 above the diagonal (the keys a causal query must not see), by device and [L, S]. */
  private static final ConcurrentHashMap<MaskKey, Tensor> CAUSAL_MASKS = new ConcurrentHashMap<>();

  private record MaskKey(Device device, int l, int s) {}

  public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, boolean causal) {
    checkInputs(q, k, v);
    return FUSED && sameLeadingDims(q, k, v) ? fused(q, k, v, causal) : composite(q, k, v, causal);
  }

  /** q, k and v: float32, at least 2 dims, matching sizes (q·kᵀ and its product with v defined), one device. */
  public static void checkInputs(Tensor q, Tensor k, Tensor v) {
    if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
      throw new IllegalArgumentException("scaledDotProductAttention: q, k and v need at least 2 dims, got q "
          + q.shapeString() + ", k " + k.shapeString() + ", v " + v.shapeString());
    }
    DTypes.requireSameFloating("scaledDotProductAttention", new String[] {"q", "k", "v"}, q, k, v);
    int d = q.size(-1), s = k.size(-2);
    if (k.size(-1) != d || v.size(-2) != s) {
      throw new IllegalArgumentException("scaledDotProductAttention: q " + q.shapeString() + ", k " + k.shapeString()
          + ", v " + v.shapeString() + ": q and k must share the last dim and k and v the sequence dim");
    }
    Devices.common("scaledDotProductAttention", q, k, v);
  }

  /** One backend kernel each way, over the leading dims flattened into rows: [N, L, d]. */
  static Tensor fused(Tensor q, Tensor k, Tensor v, boolean causal) {
    Backend backend = q.backend();
    Tensor q3 = rows(q), k3 = rows(k), v3 = rows(v);
    Backend.AttentionResult r = backend.attention(q3, k3, v3, causal);
    int[] outShape = q.shapeArray();
    outShape[outShape.length - 1] = v.size(-1);
    Tensor out = Tensors.ofStorage(r.output().storage(), outShape, Shape.contiguousStrides(outShape), 0);
    return Autograd.record("scaledDotProductAttention", out, new Tensor[] {q, k, v}, new Tensor[] {q, k, v}, g -> {
      Tensor[] d = backend.attentionBackward(rows(g), q3, k3, v3, r.output(), r.probs());
      return new Tensor[] {
          q.requiresGrad() ? d[0].reshape(q.shapeArray()) : null,
          k.requiresGrad() ? d[1].reshape(k.shapeArray()) : null,
          v.requiresGrad() ? d[2].reshape(v.shapeArray()) : null};
    });
  }

  /** t [..., L, d] as a contiguous [N, L, d] outside the graph. */
  private static Tensor rows(Tensor t) {
    Tensor c = t.isContiguous() ? t.detach() : Views.copyRaw(t);
    int[] shape = {t.numel() / Math.max(1, t.size(-2) * t.size(-1)), t.size(-2), t.size(-1)};
    return Tensors.ofStorage(c.storage(), shape, Shape.contiguousStrides(shape), c.offset());
  }

  /** Whether the fused kernel is used where it applies (on unless -Dshinso.fusedAttention=false). */
  static final boolean FUSED = !"false".equalsIgnoreCase(System.getProperty("shinso.fusedAttention"));

  private static boolean sameLeadingDims(Tensor q, Tensor k, Tensor v) {
    if (q.dim() != k.dim() || q.dim() != v.dim()) return false;
    for (int i = 0; i < q.dim() - 2; i++) if (q.size(i) != k.size(i) || q.size(i) != v.size(i)) return false;
    return true;
  }

  /** The same attention from matmul, maskedFill and softmax (for broadcast leading dims, and as the reference). */
  public static Tensor composite(Tensor q, Tensor k, Tensor v, boolean causal) {
    return scores(q, k, null, causal, 1 / Math.sqrt(q.size(-1))).softmax(-1).matmul(v);
  }

  /**
   * The attention logits q·kᵀ·scale [..., L, S], with −∞ where a causal query must not look and
   * attnMask (FLOAT32, broadcast to [..., L, S], or null) added, as PyTorch's float attn_mask.
   */
  public static Tensor scores(Tensor q, Tensor k, Tensor attnMask, boolean causal, double scale) {
    int l = q.size(-2), s = k.size(-2);
    Tensor scores = q.matmul(k.transpose(-1, -2)).mul((float) scale);
    if (causal) scores = scores.maskedFill(causalMask(q.device(), l, s), Float.NEGATIVE_INFINITY);
    if (attnMask != null) {
      if (!attnMask.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException("scaledDotProductAttention: attnMask must be floating point (added to the"
            + " scores; −inf where a query must not look), got " + attnMask.dtype());
      }
      try {
        Shape.broadcast("scaledDotProductAttention", attnMask.shapeArray(), scores.shapeArray());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("scaledDotProductAttention: attnMask " + attnMask.shapeString()
            + " does not broadcast to the scores " + scores.shapeString() + " (q " + q.shapeString() + ", k "
            + k.shapeString() + ")", e);
      }
      scores = scores.add(attnMask);
    }
    return scores;
  }

  /** [l, s] with 1 where key j lies after query i (j > i), else 0; cached, as it never changes. */
  static Tensor causalMask(Device device, int l, int s) {
    return CAUSAL_MASKS.computeIfAbsent(new MaskKey(device, l, s), key -> Tensor.ones(device, l, s).triu(1));
  }
}
