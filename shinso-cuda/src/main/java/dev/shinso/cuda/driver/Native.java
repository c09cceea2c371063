package dev.shinso.cuda.driver;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** What the two bindings share: downcall handles by symbol name, and calls that rethrow unchecked. */
final class Native {
  private static final Linker LINKER = Linker.nativeLinker();

  private Native() {}

  /** The handle of a symbol that must exist: a missing one means a library too old for shinso. */
  static MethodHandle bind(SymbolLookup lib, String library, String symbol, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(lib.find(symbol).orElseThrow(() -> new IllegalStateException(
        library + " has no symbol " + symbol + " (a library older than shinso-cuda needs)")), descriptor);
  }

  /** A native call returning a status code; the Throwable of invokeExact becomes unchecked. */
  @FunctionalInterface
  interface Call {
    int run() throws Throwable;
  }

  static int status(Call call) {
    try {
      return call.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
