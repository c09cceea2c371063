package dev.shinso.io;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} format, as {@code np.savez} and {@code np.savez_compressed} write it: a zip
 * archive with one {@link Npy} file per array, named {@code <name>.npy}, stored or deflated. The
 * arrays are written and read in the map's order; dtypes are converted as {@link Npy} describes.
 */
public final class Npz {
  private static final String SUFFIX = ".npy";

  private Npz() {}

  /** As {@code np.savez}: the arrays stored uncompressed, atomically (the file is complete or unchanged). */
  public static void save(Map<String, Tensor> arrays, Path file) throws IOException {
    save(arrays, file, false);
  }

  /** As {@code np.savez_compressed} when compressed is true (deflated entries), else as {@code np.savez}. */
  public static void save(Map<String, Tensor> arrays, Path file, boolean compressed) throws IOException {
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (var e : arrays.entrySet()) {
        Npy.Encoded npy = Npy.encode(e.getValue());
        ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
        if (compressed) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          // a stored entry needs its size and CRC before its data: one pass to compute them, one to write
          CRC32 crc = new CRC32();
          npy.writeTo(new CheckedOutputStream(OutputStream.nullOutputStream(), crc));
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(npy.size());
          entry.setCompressedSize(npy.size());
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        npy.writeTo(zip);
        zip.closeEntry();
      }
      zip.finish(); // not close(): AtomicFiles owns the stream and syncs it
    });
  }

  /** Reads every array, in the archive's order, as CPU tensors keyed by their names without ".npy". */
  public static Map<String, Tensor> load(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new IOException("npz file " + file + ": not a zip archive (" + e.getMessage() + ")", e);
    }
    try (zip) {
      Map<String, Tensor> arrays = new LinkedHashMap<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.isDirectory()) continue;
        String entryName = entry.getName();
        if (!entryName.endsWith(SUFFIX)) {
          throw new IOException("npz file " + file + ": entry '" + entryName + "' is not a .npy array");
        }
        String name = entryName.substring(0, entryName.length() - SUFFIX.length());
        String where = "npz file " + file + ", array '" + name + "'";
        if (arrays.containsKey(name)) throw Npy.corrupt(where, "the archive holds it twice");
        if (entry.getSize() < 0) throw Npy.corrupt(where, "the archive does not say its size");
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(name, Npy.read(in, entry.getSize(), where));
        } catch (ZipException | java.io.EOFException e) {
          throw Npy.corrupt(where, "the zip entry is corrupt (" + e.getMessage() + ")");
        }
      }
      return arrays;
    }
  }
}
