package dev.shinso.cuda.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shinso.cuda.driver.Kernel.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launch ABI, checked without a GPU: each Kernel's parameter list against the compiled PTX's
 * entry (same count, each of the size and kind the Java side packs), and no PTX entry unbound.
 */
class KernelSignatureTest {
  private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(([^)]*)\\)");
  private static final Pattern PARAM = Pattern.compile("\\.param (?:\\.align \\d+ )?\\.(\\w+)(?: \\.ptr[ .\\w]*)? \\w+(?:\\[(\\d+)])?");
  private static Map<String, List<String>> entries;

  @BeforeAll
  static void readPtx() {
    assumeTrue(Ptx.compiled(), "the kernels were not compiled (no nvcc at build time)");
    entries = new HashMap<>();
    for (String module : Ptx.MODULES) {
      Matcher e = ENTRY.matcher(Ptx.source(module));
      while (e.find()) {
        List<String> params = new ArrayList<>();
        Matcher p = PARAM.matcher(e.group(2));
        while (p.find()) params.add(p.group(2) == null ? p.group(1) : p.group(1) + "[" + p.group(2) + "]");
        entries.put(module + "/" + e.group(1), params);
      }
    }
  }

  @Test
  void everyKernelMatchesItsPtxEntry() {
    for (Kernel k : Kernel.values()) {
      List<String> ptx = entries.get(k.module() + "/" + k.entry());
      assertThat(ptx).as("PTX entry %s in %s.ptx", k.entry(), k.module()).isNotNull();
      assertThat(ptx).as("parameters of %s", k.entry()).hasSameSizeAs(k.params());
      for (int i = 0; i < ptx.size(); i++) {
        assertThat(ptx.get(i)).as("parameter %d of %s (%s)", i, k.entry(), k.params().get(i))
            .isIn(accepted(k.params().get(i)));
      }
    }
  }

  @Test
  void everyPtxEntryIsBound() {
    List<String> bound = new ArrayList<>();
    for (Kernel k : Kernel.values()) bound.add(k.module() + "/" + k.entry());
    assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(bound);
  }

  /** The PTX parameter types of a Java-side kind (pointers and 64-bit integers look alike in PTX). */
  private static List<String> accepted(Param p) {
    return switch (p) {
      case I32 -> List.of("u32", "s32", "b32");
      case I64, PTR -> List.of("u64", "s64", "b64");
      case F32 -> List.of("f32");
      case F64 -> List.of("f64");
      case DIMS, VIEW -> List.of("b8[" + p.bytes() + "]");
    };
  }
}
