/**
 * The CUDA backend through java.lang.foreign: found by the core's ServiceLoader, so depending on this
 * module is all it takes for {@code Device.parse("cuda")} to work. Its calls into the driver are
 * restricted methods: run with {@code --enable-native-access=dev.shinso.cuda} on the module path
 * ({@code ALL-UNNAMED} on the class path).
 */
module dev.shinso.cuda {
  requires dev.shinso.core;

  exports dev.shinso.cuda;

  provides dev.shinso.backend.BackendProvider with dev.shinso.cuda.CudaBackendProvider;
}
