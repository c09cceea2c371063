package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyReprTest {
  @Test
  void floatsPrintAsPythonsRepr() {
    assertThat(PyRepr.of(1e-5)).isEqualTo("1e-05");
    assertThat(PyRepr.of(1e-3)).isEqualTo("0.001");
    assertThat(PyRepr.of(0.0001)).isEqualTo("0.0001");
    assertThat(PyRepr.of(0.1)).isEqualTo("0.1");
    assertThat(PyRepr.of(1)).isEqualTo("1.0");
    assertThat(PyRepr.of(0.5)).isEqualTo("0.5");
    assertThat(PyRepr.of(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(PyRepr.of(123456.0)).isEqualTo("123456.0");
    assertThat(PyRepr.of(1e16)).isEqualTo("1e+16");
    assertThat(PyRepr.of(0)).isEqualTo("0.0");
  }

  @Test
  void tuplesAndBooleans() {
    assertThat(PyRepr.tuple(new int[] {10})).isEqualTo("(10,)");
    assertThat(PyRepr.tuple(new int[] {3, 4})).isEqualTo("(3, 4)");
    assertThat(PyRepr.of(true)).isEqualTo("True");
  }
}
