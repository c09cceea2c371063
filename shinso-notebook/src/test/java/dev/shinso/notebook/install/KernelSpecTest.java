package dev.shinso.notebook.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelSpecTest {
  @Test
  void kernelJsonStartsTheKernelWithTheJdkTheClassPathAndInterruptsByMessage() {
    KernelSpec spec = new KernelSpec(Path.of("/opt/jdk-25/bin/java"), List.of(Path.of("/r/a.jar"), Path.of("/r/lib/b c.jar")));
    var json = JsonParser.parseString(spec.json()).getAsJsonObject();
    assertThat(json.get("display_name").getAsString()).isEqualTo("shinso (Java 25)");
    assertThat(json.get("language").getAsString()).isEqualTo("java");
    assertThat(json.get("interrupt_mode").getAsString()).isEqualTo("message");
    assertThat(json.getAsJsonArray("argv").asList()).map(e -> e.getAsString()).containsExactly(
        "/opt/jdk-25/bin/java", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseParallelGC", "-Djava.awt.headless=true", "-cp", "/r/a.jar:/r/lib/b c.jar",
        "dev.shinso.notebook.kernel.Kernel", "{connection_file}");
  }

  @Test
  void ofThisJvmUsesThisJavaAndAbsoluteClassPathEntries() {
    KernelSpec spec = KernelSpec.ofThisJvm();
    assertThat(spec.java()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
    assertThat(spec.classPath()).isNotEmpty().allMatch(Path::isAbsolute);
  }
}
