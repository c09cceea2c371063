package dev.shinso.cuda.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The build compiles the kernels into the jar wherever it finds nvcc (a kernel that does not compile fails it). */
class PtxTest {
  @Test
  void everyModuleIsInTheJarWhenNvccExists() {
    assumeTrue(Nvcc.find() != null, "no nvcc on this machine: the build could not compile the kernels");
    assertThat(Ptx.compiled()).isTrue();
    for (String m : Ptx.MODULES) {
      assertThat(Ptx.source(m)).contains(".version").contains(".target sm_80").contains(".visible .entry");
    }
    assertThat(Ptx.compilerVersion()).matches("\\d+\\.\\d+");
  }
}
