package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver bindings against the toolkit's cuda.h, where one is installed (CI has one, a GPU is
 * not needed): each symbol is the one cuda.h's macro names (cuMemAlloc -> cuMemAlloc_v2), and each
 * argument has the size and kind of its C type. A wrong descriptor would crash or corrupt on the GPU.
 */
class DriverSignatureTest {
  private static final Path CUDA_H = Path.of("/usr/local/cuda/include/cuda.h");
  private static String header;

  @BeforeAll
  static void read() throws IOException {
    assumeTrue(Files.exists(CUDA_H), "no CUDA toolkit headers at " + CUDA_H);
    header = Files.readString(CUDA_H);
  }

  @Test
  void symbolsAreTheVersionedOnesTheHeaderNames() {
    for (String symbol : Driver.CALLS.keySet()) {
      String base = symbol.replaceFirst("_v\\d+$", "");
      Matcher define = Pattern.compile("#define " + base + "\\s+(?:__CUDA_API_PT[DS][SZ]\\()?(\\w+)").matcher(header);
      String expected = define.find() ? define.group(1) : base;
      assertThat(symbol).as("cuda.h's %s", base).isEqualTo(expected);
    }
  }

  @Test
  void argumentsHaveTheirCTypesSizes() {
    for (Map.Entry<String, FunctionDescriptor> call : Driver.CALLS.entrySet()) {
      String base = call.getKey().replaceFirst("_v\\d+$", "");
      Matcher decl = Pattern.compile("CUresult CUDAAPI " + base + "\\(([^)]*)\\);").matcher(header);
      assertThat(decl.find()).as("declaration of %s", base).isTrue();
      List<MemoryLayout> expected = new ArrayList<>();
      for (String param : decl.group(1).split(",")) expected.add(layout(param.strip(), base));
      assertThat(call.getValue().argumentLayouts()).as(call.getKey()).containsExactlyElementsOf(expected);
      assertThat(call.getValue().returnLayout()).contains(JAVA_INT);
    }
  }

  @Test
  void cublasArgumentsHaveTheirCTypesSizes() throws IOException {
    Path h = Path.of(System.getProperty("shinso.test.cublas-header", "/usr/local/cuda/include/cublas_api.h"));
    assumeTrue(Files.exists(h), "no cuBLAS headers at " + h + " (the GPU machine's toolkit has them)");
    String text = Files.readString(h).replaceAll("(?s)/\\*.*?\\*/", "");
    for (Map.Entry<String, FunctionDescriptor> call : Cublas.CALLS.entrySet()) {
      Matcher decl = Pattern.compile("CUBLASAPI ([^;{]*?)\\s*CUBLASWINAPI " + call.getKey() + "\\s*\\(([^)]*)\\)\\s*;")
          .matcher(text);
      assertThat(decl.find()).as("declaration of %s", call.getKey()).isTrue();
      List<MemoryLayout> expected = new ArrayList<>();
      for (String param : decl.group(2).split(",")) expected.add(layout(param.strip(), call.getKey()));
      assertThat(call.getValue().argumentLayouts()).as(call.getKey()).containsExactlyElementsOf(expected);
      assertThat(call.getValue().returnLayout()).contains(decl.group(1).contains("*") ? ADDRESS : JAVA_INT);
    }
  }

  /** The layout of a C parameter declaration such as "CUdeviceptr *dptr" or "unsigned int Flags". */
  private static MemoryLayout layout(String param, String function) {
    String type = param.replaceAll("\\s+", " ").replaceFirst(" ?\\w+$", "").replace("const ", "").strip();
    if (param.contains("*") || type.matches("CUcontext|CUstream|CUmodule|CUfunction|cublasHandle_t|cudaStream_t")) {
      return ADDRESS;
    }
    return switch (type) {
      case "int", "unsigned int", "CUdevice", "CUdevice_attribute", "CUresult", "cublasOperation_t", "cublasMath_t",
          "libraryPropertyType", "cublasStatus_t" -> JAVA_INT;
      case "CUdeviceptr", "size_t", "long long int", "long long" -> JAVA_LONG;
      case "unsigned char" -> JAVA_BYTE;
      default -> throw new AssertionError(function + ": no layout for C type '" + type + "' in '" + param + "'");
    };
  }
}
