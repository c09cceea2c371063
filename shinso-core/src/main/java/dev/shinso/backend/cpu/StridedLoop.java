package dev.shinso.backend.cpu;

/**
 * Iteration over several equally shaped strided operands, as rows of an innermost run. Adjacent
 * dimensions that are contiguous in every operand are merged first, so a contiguous tensor is one
 * long row and a kernel sees the longest possible runs with their strides (1 = vectorisable).
 */
final class StridedLoop {
  private final int[] dims;      // merged dims, the last is the row
  private final int[][] strides; // [operand][dim]
  private final int[] offsets;   // base offset per operand
  final int rows;
  final int rowLength;

  StridedLoop(int[] shape, int[][] operandStrides, int[] operandOffsets) {
    int ops = operandStrides.length;
    int[] d = new int[Math.max(shape.length, 1)];
    int[][] s = new int[ops][d.length];
    int rank = 0;
    if (shape.length == 0) {
      d[0] = 1;
      rank = 1;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 1 && shape.length > 1) continue; // size-1 dims never move the index
      if (rank > 0 && mergeable(shape[i], s, operandStrides, rank - 1, i)) {
        d[rank - 1] *= shape[i];
        for (int o = 0; o < ops; o++) s[o][rank - 1] = operandStrides[o][i];
      } else {
        d[rank] = shape[i];
        for (int o = 0; o < ops; o++) s[o][rank] = operandStrides[o][i];
        rank++;
      }
    }
    if (rank == 0) { // all dims were 1
      d[0] = 1;
      rank = 1;
    }
    dims = java.util.Arrays.copyOf(d, rank);
    strides = new int[ops][];
    for (int o = 0; o < ops; o++) strides[o] = java.util.Arrays.copyOf(s[o], rank);
    offsets = operandOffsets.clone();
    rowLength = dims[rank - 1];
    long r = 1;
    for (int i = 0; i < rank - 1; i++) r *= dims[i];
    rows = (int) r;
  }

  /** Dim j of the input can join the merged dim k when, for every operand, outer stride = inner stride × inner size. */
  private static boolean mergeable(int innerSize, int[][] merged, int[][] orig, int k, int j) {
    for (int o = 0; o < orig.length; o++) {
      if ((long) merged[o][k] != (long) orig[o][j] * innerSize) return false;
    }
    return true;
  }

  int innerStride(int operand) {
    return strides[operand][dims.length - 1];
  }

  /** Writes each operand's offset at the start of {@code row} into {@code out}. */
  void rowOffsets(int row, int[] out) {
    for (int o = 0; o < offsets.length; o++) out[o] = offsets[o];
    for (int i = dims.length - 2; i >= 0 && row > 0; i--) {
      int idx = row % dims[i];
      row /= dims[i];
      for (int o = 0; o < offsets.length; o++) out[o] += idx * strides[o][i];
    }
  }

  /** Calls body for every (row, start, end) piece, in parallel when the work is large. */
  void forEach(int grain, RowBody body) {
    if (rows == 0 || rowLength == 0) return; // empty: no row has an element (and row offsets may lie past the end)
    long total = (long) rows * rowLength;
    if (total < 2L * grain || IntraOpPool.numThreads() == 1) {
      int[] offs = new int[offsets.length];
      for (int r = 0; r < rows; r++) {
        rowOffsets(r, offs);
        body.run(offs, 0, rowLength);
      }
      return;
    }
    if (rows >= IntraOpPool.numThreads() * 4 || rowLength < grain) {
      int minRows = Math.max(1, grain / Math.max(rowLength, 1));
      IntraOpPool.parallelFor(rows, minRows, (start, end) -> {
        int[] offs = new int[offsets.length];
        for (int r = start; r < end; r++) {
          rowOffsets(r, offs);
          body.run(offs, 0, rowLength);
        }
      });
    } else {
      // Pieces start at multiples of the vector length, so every element takes the same (vector or
      // scalar) path as in a one-thread run, and results do not depend on the thread count.
      int lanes = Simd.LANES;
      int blocks = (rowLength + lanes - 1) / lanes;
      for (int r = 0; r < rows; r++) {
        int row = r;
        IntraOpPool.parallelFor(blocks, Math.max(1, grain / lanes), (start, end) -> {
          int[] offs = new int[offsets.length];
          rowOffsets(row, offs);
          body.run(offs, start * lanes, Math.min(end * lanes, rowLength));
        });
      }
    }
  }

  /** Work on one row piece: offs are the row's base offsets, [start, end) the positions within the row. */
  @FunctionalInterface
  interface RowBody {
    void run(int[] offs, int start, int end);
  }
}
