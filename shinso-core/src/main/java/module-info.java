/**
 * shinso's core: tensors, autograd, the CPU backend, layers, optimisers, data sets and file formats.
 *
 * <p>Layers find their parameters by reading their fields reflectively ({@code Block}), so a named
 * module that defines its own layers opens their packages to this one:
 * {@code opens my.layers to dev.shinso.core;}. On the class path nothing is needed.
 *
 * <p>Not API: the CPU kernels ({@code dev.shinso.backend.cpu}), the composites every backend
 * inherits ({@code dev.shinso.backend.composite}) and the tensor internals backends use
 * ({@code dev.shinso.internal}); they are exported only to the modules of this project that need them.
 */
module dev.shinso.core {
  requires jdk.incubator.vector;
  requires java.net.http; // Download: the data sets, once, on request

  exports dev.shinso;
  exports dev.shinso.autograd;
  exports dev.shinso.backend;
  exports dev.shinso.data;
  exports dev.shinso.data.datasets;
  exports dev.shinso.data.transforms;
  exports dev.shinso.diffusion;
  exports dev.shinso.distributed;
  exports dev.shinso.io;
  exports dev.shinso.models;
  exports dev.shinso.nn;
  exports dev.shinso.ops;
  exports dev.shinso.optim;
  exports dev.shinso.optim.lr;
  exports dev.shinso.tensor;
  exports dev.shinso.text;
  exports dev.shinso.train;

  exports dev.shinso.internal to dev.shinso.cuda;
  exports dev.shinso.backend.cpu to dev.shinso.cuda, dev.shinso.cli, dev.shinso.bench; // kernels compared, benchmarked

  uses dev.shinso.backend.BackendProvider;
  provides dev.shinso.backend.BackendProvider with dev.shinso.backend.cpu.CpuBackendProvider;
}
