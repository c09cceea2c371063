package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.floats;

import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * Fused optimiser updates: one pass over a parameter and its state instead of a dozen tensor ops
 * and their temporaries. Each element sees the same float operations in the same order as the
 * unfused formula (multiply and add kept apart, never an fma), so results are bit for bit those
 * of the composite code and of the scalar path.
 */
final class OptimizerKernels {
  /** Least elements per thread hand-off. */
  private static final int GRAIN = 1 << 16;

  private OptimizerKernels() {}

  static void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
      OptimizerStep.Adam s, boolean simd) {
    check("adamStep", param, grad, expAvg, expAvgSq, maxExpAvgSq);
    float[] p = floats(param), g = floats(grad), m = floats(expAvg), v = floats(expAvgSq);
    float[] vmax = maxExpAvgSq == null ? null : floats(maxExpAvgSq);
    int po = param.offset(), go = grad.offset(), mo = expAvg.offset(), vo = expAvgSq.offset();
    int xo = maxExpAvgSq == null ? 0 : maxExpAvgSq.offset();
    IntraOpPool.parallelFor(param.numel(), GRAIN, (start, end) -> {
      int i = start;
      if (simd) {
        for (int vend = start + (end - start) / Simd.LANES * Simd.LANES; i < vend; i += Simd.LANES) {
          FloatVector pv = FloatVector.fromArray(Simd.F, p, po + i), gv = FloatVector.fromArray(Simd.F, g, go + i);
          if (s.weightDecay() != 0) gv = gv.add(pv.mul(s.weightDecay()));
          FloatVector mv = FloatVector.fromArray(Simd.F, m, mo + i).mul(s.beta1()).add(gv.mul(s.oneMinusBeta1()));
          FloatVector vv = FloatVector.fromArray(Simd.F, v, vo + i).mul(s.beta2())
              .add(gv.mul(s.oneMinusBeta2()).mul(gv));
          mv.intoArray(m, mo + i);
          vv.intoArray(v, vo + i);
          if (vmax != null) {
            vv = FloatVector.fromArray(Simd.F, vmax, xo + i).max(vv);
            vv.intoArray(vmax, xo + i);
          }
          FloatVector denom = vv.sqrt().div(s.bias2Sqrt()).add(s.eps());
          pv.add(mv.mul(s.negStepSize()).div(denom)).intoArray(p, po + i);
        }
      }
      for (; i < end; i++) {
        float pi = p[po + i], gi = g[go + i];
        if (s.weightDecay() != 0) gi = gi + pi * s.weightDecay();
        float mi = m[mo + i] * s.beta1() + gi * s.oneMinusBeta1();
        float vi = v[vo + i] * s.beta2() + gi * s.oneMinusBeta2() * gi;
        m[mo + i] = mi;
        v[vo + i] = vi;
        if (vmax != null) vi = vmax[xo + i] = Math.max(vmax[xo + i], vi);
        float denom = (float) Math.sqrt(vi) / s.bias2Sqrt() + s.eps();
        p[po + i] = pi + mi * s.negStepSize() / denom;
      }
    });
  }

  static void sgd(Tensor param, Tensor grad, Tensor buffer, OptimizerStep.Sgd s, boolean simd) {
    check("sgdStep", param, grad, buffer);
    float[] p = floats(param), g = floats(grad), b = buffer == null ? null : floats(buffer);
    int po = param.offset(), go = grad.offset(), bo = buffer == null ? 0 : buffer.offset();
    IntraOpPool.parallelFor(param.numel(), GRAIN, (start, end) -> {
      int i = start;
      if (simd) {
        for (int vend = start + (end - start) / Simd.LANES * Simd.LANES; i < vend; i += Simd.LANES) {
          FloatVector pv = FloatVector.fromArray(Simd.F, p, po + i), d = FloatVector.fromArray(Simd.F, g, go + i);
          if (s.weightDecay() != 0) d = d.add(pv.mul(s.weightDecay()));
          if (b != null) {
            FloatVector bv = s.firstStep() ? d
                : FloatVector.fromArray(Simd.F, b, bo + i).mul(s.momentum()).add(d.mul(s.oneMinusDampening()));
            bv.intoArray(b, bo + i);
            d = s.nesterov() ? d.add(bv.mul(s.momentum())) : bv;
          }
          pv.add(d.mul(s.negLr())).intoArray(p, po + i);
        }
      }
      for (; i < end; i++) {
        float pi = p[po + i], d = g[go + i];
        if (s.weightDecay() != 0) d = d + pi * s.weightDecay();
        if (b != null) {
          float bi = s.firstStep() ? d : b[bo + i] * s.momentum() + d * s.oneMinusDampening();
          b[bo + i] = bi;
          d = s.nesterov() ? d + bi * s.momentum() : bi;
        }
        p[po + i] = pi + d * s.negLr();
      }
    });
  }

  private static void check(String op, Tensor param, Tensor... others) {
    for (Tensor t : others) {
      if (t == null) continue;
      if (t.dtype() != DType.FLOAT32 || !t.isContiguous() || !t.shape().equals(param.shape())) {
        throw new IllegalArgumentException(op + ": parameter, gradient and state must be contiguous float32 tensors of"
            + " one shape; parameter " + param.dtype() + " " + param.shapeString() + ", got " + t.dtype() + " "
            + t.shapeString() + (t.isContiguous() ? "" : " (not contiguous)"));
      }
    }
  }
}
