package dev.shinso.io;

import dev.shinso.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz format: a zip of one {@code <name>.npy} per array, as {@code np.savez} (stored) and
 * {@code np.savez_compressed} (deflated) write it and {@code np.load} reads it. Names keep their
 * order; each array follows {@link Npy}'s rules.
 */
public final class Npz {
  private Npz() {}

  /** As np.savez: entries stored, uncompressed. */
  public static void save(Map<String, Tensor> arrays, Path file) throws IOException {
    save(arrays, file, false);
  }

  /** compressed: as np.savez_compressed (deflated entries); otherwise as np.savez. */
  public static void save(Map<String, Tensor> arrays, Path file, boolean compressed) throws IOException {
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (var e : arrays.entrySet()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(e.getValue(), bytes);
        ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
        if (!compressed) {  // a stored entry declares its size and checksum up front
          CRC32 crc = new CRC32();
          crc.update(bytes.toByteArray());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(bytes.size());
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        bytes.writeTo(zip);
        zip.closeEntry();
      }
      zip.finish();
    });
  }

  public static Map<String, Tensor> load(Path file) throws IOException {
    if (Files.isDirectory(file)) throw new IOException(".npz " + file + ": is a directory, not a file");
    if (!Files.exists(file)) throw new IOException(".npz " + file + ": no such file");
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) continue;
        String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        try (InputStream in = zip.getInputStream(e)) {
          out.put(name, Npy.read(in, file + " entry " + e.getName(), e.getSize()));
        }
      }
    } catch (ZipException e) {
      throw new IOException(".npz " + file + ": not a valid zip archive (" + e.getMessage() + ")", e);
    }
    return out;
  }
}
