package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shinso.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** Runs shinso in surefire's JVM: without the argLine that adds the Vector API, NoClassDefFoundError. */
class FirstProgramTest {
  @Test
  void gradientOfASumOfSquaresIsTwiceTheInput() {
    Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
    x.mul(x).sum().backward();
    assertArrayEquals(new float[] {2, -4, 6}, x.grad().toFloatArray());
  }

  @Test
  void firstProgramsLossIsNearLn10() {
    // Small weights make the 10 classes near equally likely: cross-entropy ≈ ln 10 = 2.3026.
    PrintStream out = System.out;
    var buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true));
    try {
      FirstProgram.main(new String[0]);
    } finally {
      System.setOut(out);
    }
    String first = buffer.toString().lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("tensor(2.") && first.endsWith("grad_fn=<meanBackward>)"), first);
    float loss = Float.parseFloat(first.substring("tensor(".length(), first.indexOf(',')));
    assertEquals(Math.log(10), loss, 0.1);
  }
}
