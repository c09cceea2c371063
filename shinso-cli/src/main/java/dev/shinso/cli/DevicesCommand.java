package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.backend.Backends;
import dev.shinso.cuda.CudaDevices;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shinso devices}: what --device can name on this machine, and why a GPU cannot be used when it cannot. */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = {"List the devices --device can name: the CPU, and the CUDA GPUs with their memory, compute "
        + "capability, driver and cuBLAS versions (or the reason there are none)."})
final class DevicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    w.printf("cpu: %d core(s), %d intra-op thread(s)%n", Runtime.getRuntime().availableProcessors(), Shinso.numThreads());
    CudaDevices.Listing cuda = CudaDevices.list();
    w.print(cuda.devices().isEmpty() ? cuda + System.lineSeparator() : cuda);
    w.println("backends: " + String.join(", ", Backends.providers().keySet()));
    w.flush();
    return 0;
  }
}
