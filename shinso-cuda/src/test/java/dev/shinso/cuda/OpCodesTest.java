package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The kernels switch on the Java enums' ordinals: ops.cuh must list the same names in the same order. */
class OpCodesTest {
  private static final Path OPS = Path.of("src/main/cuda/ops.cuh");

  @Test
  void opsCuhFollowsTheJavaEnums() throws IOException {
    String text = Files.readString(OPS);
    assertThat(names(text, "UnaryOp")).isEqualTo(javaNames(UnaryOp.values()));
    assertThat(names(text, "BinaryOp")).isEqualTo(javaNames(BinaryOp.values()));
    assertThat(names(text, "ReduceOp")).isEqualTo(javaNames(ReduceOp.values()));
    assertThat(names(text, "RandomKind")).isEqualTo(javaNames(Backend.RandomKind.values()));
  }

  private static List<String> names(String text, String namespace) {
    Matcher m = Pattern.compile("namespace " + namespace + " \\{\\s*enum : int \\{([^}]*)}").matcher(text);
    assertThat(m.find()).as("namespace %s in %s", namespace, OPS).isTrue();
    return Arrays.stream(m.group(1).split(",")).map(String::strip).toList();
  }

  private static List<String> javaNames(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
