package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cuDNN bindings against cuDNN's own headers, where they lie beside the library the lookup
 * finds (the pip package has nvidia/cudnn/include; so the GPU machine checks this, no GPU needed):
 * each argument of the size and kind of its C type. Skipped where there is no cuDNN.
 */
class CudnnSignatureTest {
  @Test
  void convolutionCallsMatchTheHeaders() throws IOException {
    Path lib = CudnnLookup.system().find().library().orElse(null);
    assumeTrue(lib != null, "no cuDNN here (libcudnn.so.9 not found)");
    Path include = Stream.of(lib.getParent().resolveSibling("include"), Path.of("/usr/include"),
        Path.of("/usr/include/x86_64-linux-gnu")).filter(d -> Files.exists(d.resolve("cudnn_cnn.h"))).findFirst()
        .orElse(null);
    assumeTrue(include != null, "cuDNN found at " + lib + " but not its headers (cudnn_cnn.h)");
    StringBuilder all = new StringBuilder();
    try (Stream<Path> headers = Files.list(include)) {
      for (Path h : headers.filter(p -> p.getFileName().toString().startsWith("cudnn")).toList()) {
        all.append(Files.readString(h)).append('\n');
      }
    }
    String text = all.toString().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    for (Map.Entry<String, FunctionDescriptor> call : CudnnConvolutions.CALLS.entrySet()) {
      if (call.getKey().equals("cudnnGetErrorString")) continue;  // returns const char*: checked by use
      Matcher decl = Pattern.compile("cudnnStatus_t\\s+CUDNNWINAPI\\s+" + call.getKey() + "\\s*\\(([^)]*)\\)\\s*;")
          .matcher(text);
      assertThat(decl.find()).as("declaration of %s in %s", call.getKey(), include).isTrue();
      List<MemoryLayout> expected = new ArrayList<>();
      for (String param : decl.group(1).split(",")) expected.add(layout(param.strip(), call.getKey()));
      assertThat(call.getValue().argumentLayouts()).as(call.getKey()).containsExactlyElementsOf(expected);
    }
  }

  private static MemoryLayout layout(String param, String function) {
    String type = param.replaceAll("\\s+", " ").replaceFirst(" ?\\w+(\\[\\])?$", "").replace("const ", "").strip();
    if (param.contains("*") || type.matches("cudnnHandle_t|cudaStream_t|cudnn\\w*Descriptor_t")) return ADDRESS;
    return switch (type) {
      case "int", "cudnnTensorFormat_t", "cudnnDataType_t", "cudnnConvolutionMode_t", "cudnnMathType_t",
          "cudnnConvolutionFwdAlgo_t", "cudnnConvolutionBwdDataAlgo_t", "cudnnConvolutionBwdFilterAlgo_t" -> JAVA_INT;
      case "size_t" -> JAVA_LONG;
      default -> throw new AssertionError(function + ": no layout for C type '" + type + "' in '" + param + "'");
    };
  }
}
