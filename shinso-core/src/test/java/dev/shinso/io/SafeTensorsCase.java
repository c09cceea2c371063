package dev.shinso.io;

import dev.shinso.testing.fuzz.ByteMutation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A safetensors file for the fuzzer: a valid model written by hand (an independent writer, the JSON
 * built from fragments), then edits that know the format (a field of an entry replaced by a hostile
 * value, a duplicate key, a header length that lies, data cut short), then blind byte mutations.
 * Everything is a value, so jqwik reports a failing case by how it was built and can shrink it.
 */
record SafeTensorsCase(List<Spec> tensors, Map<String, String> metadata, int dataOrderSeed, List<SafeTensorsEdit> edits,
    List<ByteMutation> mutations) {

  /** A tensor of the valid model; its values are drawn from seed. */
  record Spec(String name, boolean int64, List<Integer> shape, int seed) {
    int numel() {
      return shape.stream().reduce(1, (a, b) -> a * b);
    }

    int byteSize() {
      return numel() * (int64 ? 8 : 4);
    }

    byte[] data() {
      byte[] out = new byte[byteSize()];
      new Random(seed).nextBytes(out);
      return out;
    }
  }

  /** What the file holds if no edit or mutation touched it. */
  boolean untouched() {
    return edits.isEmpty() && mutations.isEmpty();
  }

  /** The header as editable JSON fragments, one row per entry: name, dtype, shape, data_offsets, extra fields. */
  static final class Header {
    final List<String[]> entries = new ArrayList<>();
    final List<long[]> offsets = new ArrayList<>();
    final List<Integer> numels = new ArrayList<>();
    final List<Object[]> insertions = new ArrayList<>(); // {position, text}: raw text put into the JSON
    String metadata;
    Long length; // what the 8-byte length field says; null: the real length plus lengthDelta
    long lengthDelta;
    int dataDelta;
    long dataLength;

    String render() {
      StringBuilder sb = new StringBuilder("{");
      if (metadata != null) sb.append("\"__metadata__\":").append(metadata);
      for (String[] e : entries) {
        if (sb.length() > 1) sb.append(',');
        sb.append(e[0]).append(":{");
        String sep = "";
        String[] keys = {"\"dtype\":", "\"shape\":", "\"data_offsets\":"};
        for (int f = 1; f <= 3; f++) {
          if (e[f] == null) continue;
          sb.append(sep).append(keys[f - 1]).append(e[f]);
          sep = ",";
        }
        if (e[4] != null) sb.append(sep).append(e[4]);
        sb.append('}');
      }
      sb.append('}');
      for (Object[] in : insertions) sb.insert((Integer) in[0] % (sb.length() + 1), (String) in[1]);
      return sb.toString();
    }
  }

  byte[] bytes() {
    // data in an order of its own: the format ties entries to data by offsets, not by position
    List<Spec> dataOrder = new ArrayList<>(tensors);
    java.util.Collections.shuffle(dataOrder, new Random(dataOrderSeed));
    Map<String, long[]> offsets = new LinkedHashMap<>();
    ByteBuffer data = ByteBuffer.allocate(tensors.stream().mapToInt(Spec::byteSize).sum());
    for (Spec s : dataOrder) {
      offsets.put(s.name, new long[] {data.position(), data.position() + s.byteSize()});
      data.put(s.data());
    }
    Header h = new Header();
    h.dataLength = data.capacity();
    if (!metadata.isEmpty()) {
      StringBuilder m = new StringBuilder("{");
      metadata.forEach((k, v) -> m.append(m.length() > 1 ? "," : "").append(Json.quote(k)).append(':').append(Json.quote(v)));
      h.metadata = m.append('}').toString();
    }
    for (Spec s : tensors) {
      long[] o = offsets.get(s.name);
      h.entries.add(new String[] {Json.quote(s.name), s.int64 ? "\"I64\"" : "\"F32\"", s.shape.toString().replace(" ", ""),
          "[" + o[0] + "," + o[1] + "]", null});
      h.offsets.add(o);
      h.numels.add(s.numel());
    }
    for (SafeTensorsEdit e : edits) e.apply(h);
    byte[] json = h.render().getBytes(StandardCharsets.UTF_8);
    byte[] body = Arrays.copyOf(data.array(), Math.max(0, data.capacity() + h.dataDelta));
    ByteBuffer file = ByteBuffer.allocate(8 + json.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(h.length != null ? h.length : json.length + h.lengthDelta).put(json).put(body);
    return ByteMutation.apply(mutations, file.array());
  }
}
