package dev.shinso.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the core device-aware, checked on the compiled classes. The op suite's
 * second run on the off-heap device cannot see the first one broken (there the default device is
 * that device too), so it is checked here.
 */
class DeviceRulesTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.shinso");

  /** Tensor's static factories that take no device (and so use the default one), wrap aside (host data by definition). */
  private static final DescribedPredicate<JavaCall<?>> DEVICELESS_FACTORY =
      DescribedPredicate.describe("a factory of Tensor that uses the default device", call -> {
        if (!call.getTargetOwner().isEquivalentTo(Tensor.class)) return false;
        return call.getTarget().resolveMember().map(m -> m instanceof JavaMethod method && isDevicelessFactory(method))
            .orElse(false);
      });

  private static boolean isDevicelessFactory(JavaMethod m) {
    if (!m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)) return false;
    if (!m.getRawReturnType().isEquivalentTo(Tensor.class) || m.getName().equals("wrap")) return false;
    if (m.getName().endsWith("Like") || m.getName().equals("ofStorage") || m.getName().equals("bernoulli")) return false;
    if (Arrays.asList("cat", "stack", "where").contains(m.getName())) return false;
    return m.getRawParameterTypes().stream().noneMatch(t -> t.isEquivalentTo(Device.class));
  }

  @Test
  void opsAutogradOptimisersAndBackendsFollowTheirInputsDevice() {
    noClasses().that().resideInAnyPackage("dev.shinso.ops..", "dev.shinso.autograd..", "dev.shinso.optim..",
            "dev.shinso.backend..")
        .should().callMethodWhere(DEVICELESS_FACTORY)
        .because("an op runs on its inputs' device; a tensor made on the default device would be on the CPU behind"
            + " a GPU tensor's back")
        .check(CORE);
  }

  /**
   * Layers, models and trainers make tensors on the default device only when they are built (a
   * layer's parameters, as in PyTorch); what runs later follows its inputs or the module's device.
   */
  @Test
  void layersModelsAndTrainersMakeDefaultDeviceTensorsOnlyInConstructors() {
    noClasses().that().resideInAnyPackage("dev.shinso.nn..", "dev.shinso.text..", "dev.shinso.diffusion..",
            "dev.shinso.train..", "dev.shinso.data..", "dev.shinso.io..", "dev.shinso.models..")
        .should().callMethodWhere(DEVICELESS_FACTORY.and(DescribedPredicate.describe("outside a constructor",
            call -> !call.getOrigin().isConstructor())))
        .check(CORE);
  }

  @Test
  void opsNeverImportACpuBackend() {
    noClasses().that().resideInAnyPackage("dev.shinso.ops..", "dev.shinso.autograd..", "dev.shinso.nn..",
            "dev.shinso.optim..", "dev.shinso.train..", "dev.shinso.text..", "dev.shinso.diffusion..")
        .should().dependOnClassesThat().resideInAPackage("dev.shinso.backend.cpu..")
        .check(CORE);
  }
}
