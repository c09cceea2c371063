package dev.shinso.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Tensor;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The core's module-info: what it exports, hides and provides, and that shinso runs as a named
 * module (the tests themselves run on the class path, where the descriptor is not used).
 */
class ModuleDescriptorTest {
  private static final Set<String> INTERNAL = Set.of("dev.shinso.backend.cpu", "dev.shinso.backend.composite",
      "dev.shinso.internal");

  private static ModuleReference core() {
    return ModuleFinder.of(Path.of("target/classes")).find("dev.shinso.core").orElseThrow();
  }

  /** Every package is exported to all, except the internals, which go only to this project's modules. */
  @Test
  void exportsEveryPackageButTheInternals() {
    ModuleDescriptor d = core().descriptor();
    Set<String> open = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    Set<String> expected = d.packages().stream().filter(p -> !INTERNAL.contains(p)).collect(Collectors.toSet());
    assertThat(open).as("exported to everyone").isEqualTo(expected);
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (e.isQualified()) {
        assertThat(INTERNAL).contains(e.source());
        assertThat(e.targets()).allMatch(t -> t.startsWith("dev.shinso."));
      }
    }
    assertThat(d.provides()).anyMatch(p -> p.service().equals("dev.shinso.backend.BackendProvider")
        && p.providers().equals(List.of("dev.shinso.backend.cpu.CpuBackendProvider")));
    assertThat(d.uses()).contains("dev.shinso.backend.BackendProvider");
  }

  /** What only backends and autograd may do is not on Tensor's public face. */
  @Test
  void tensorInternalsAreNotPublic() throws NoSuchMethodException {
    Method ofStorage = Tensor.class.getDeclaredMethod("ofStorage", dev.shinso.tensor.Storage.class, int[].class,
        int[].class, int.class);
    assertThat(Modifier.isPublic(ofStorage.getModifiers())).isFalse();
    assertThat(Set.of(Tensor.class.getMethods()).stream().map(Method::getName)).doesNotContain("setGradFn");
  }

  /**
   * shinso in a module layer of its own (not the class path's copy): the descriptor resolves, the
   * CPU backend is found through {@code provides}, and a tensor computes.
   */
  @Test
  void runsAsANamedModule() throws Exception {
    ModuleFinder finder = ModuleFinder.of(Path.of("target/classes"));
    Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.shinso.core"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Class<?> tensor = layer.findLoader("dev.shinso.core").loadClass("dev.shinso.tensor.Tensor");
    assertThat(tensor).isNotSameAs(Tensor.class);
    assertThat(tensor.getModule().getName()).isEqualTo("dev.shinso.core");
    Object x = tensor.getMethod("of", float[].class, int[].class).invoke(null, new float[] {1, 2, 3}, new int[0]);
    Object y = tensor.getMethod("mul", tensor).invoke(x, x);
    Object sum = tensor.getMethod("sum").invoke(y);
    assertThat((float) tensor.getMethod("item").invoke(sum)).isEqualTo(14f);
  }
}
