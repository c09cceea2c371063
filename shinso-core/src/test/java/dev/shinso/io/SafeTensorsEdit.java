package dev.shinso.io;

import java.util.List;

/**
 * An edit of a safetensors file that knows the format: what a careless writer or a forger produces.
 * Entry and choice indices are taken modulo what exists, so any edit applies to any file.
 */
sealed interface SafeTensorsEdit {
  void apply(SafeTensorsCase.Header h);

  /**
   * Hostile values per field (name, dtype, shape, data_offsets). {b} {e} are the entry's real offsets (and
   * {b+4} {e+4} ... the same range moved),
   * {n} its element count, {len} the data section's length, {name0} the first entry's name.
   */
  List<List<String>> POOLS = List.of(
      List.of("\"__metadata__\"", "\"\"", "\"\\u00e9t\\u00e9\"", "\"\u00e9t\u00e9\"", "\"\uD83D\uDE00\"", "\"\\ud800\"",
          "\"\\udc00\\ud800\"", "\"a\\u0000b\"", "\"a\u0001b\"", "\"\\\\\"", "{name0}", "42", "null", "[]", "\"rng_state\"",
          "\"model.\"", "\"optimizer.x\""),
      List.of("\"F16\"", "\"BF16\"", "\"F64\"", "\"I32\"", "\"I8\"", "\"U8\"", "\"BOOL\"", "\"f32\"", "\"F32 \"", "\"\"",
          "32", "null", "[\"F32\"]", "{\"F32\":1}", "\"F32\"", "\"I64\"", "\"F\\u0033\\u0032\""),
      List.of("[]", "[{n}]", "[1,{n}]", "[{n},1]", "[{n+1}]", "[-1]", "[{n},-1]", "[0]", "[2147483647]", "[2147483648]",
          "[65536,65536]", "[2147483647,2147483647,2147483647]", "[0,2147483647,2147483647]",
          "[2147483647,2147483647,0]", "[1e3]", "[1.5]", "[\"2\"]", "null", "{}", "[[{n}]]",
          "[99999999999999999999]", "[0,4294967296]", "[-0]", "[{n}, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
      List.of("[{b},{e}]", "[{b},{e+1}]", "[{b},{e-1}]", "[{e},{b}]", "[{b}]", "[{b},{e},{e}]", "[-1,{e}]", "[{b},-1]",
          "[0,{e}]", "[{b},{len}]", "[{b},1099511627776]", "[1099511627776,1099511627776]",
          "[9223372036854775807,9223372036854775807]", "[9223372036854775807,-9223372036854775808]",
          "[0,9223372036854775807]", "[{b},18446744073709551616]", "[{b}.0,{e}]", "[{b},{e}e0]", "\"{b},{e}\"",
          "null", "[]", "[{b},{e}]", "[{b+4},{e+4}]", "[{b-4},{e-4}]", "[{b+8},{e+8}]"));

  List<String> METADATA = List.of("1", "[]", "null", "\"x\"", "{\"a\":1}", "{\"a\":null}", "{\"a\":{\"b\":\"c\"}}",
      "{\"\\ud800\":\"\\udfff\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":\"-1\"}",
      "{\"format\":\"shinso-checkpoint\",\"epoch\":\"2147483648\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":\"1000001\"}",
      "{\"format\":\"shinso-checkpoint\",\"epoch\":\"\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":\"1e3\"}",
      "{\"format\":\"shinso-checkpoint\",\"epoch\":\" 3\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":\"\u0663\"}",
      "{\"format\":\"shinso-checkpoint\"}", "{\"epoch\":\"3\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":3}",
      "{\"format\":\"shinso-checkpoint\",\"epoch\":\"3\",\"epoch\":\"4\"}", "{\"format\":\"shinso-checkpoint\",\"epoch\":\"0\"}");

  List<String> EXTRA = List.of("\"x\":1", "\"dtype\":\"F32\"", "\"__metadata__\":{}", "\"shape\":[]");

  /** Text that breaks JSON, or survives it in odd places. */
  List<String> RAW = List.of(",", "}", "{", "\"", "\\u12", "[".repeat(100), "\uFEFF", "\u0000", "\uD800", "\uD83D\uDE00",
      "\u00ff", " ", "\n", "//", "NaN", "1e999999", "0x10", "true", "\\", ":");

  record Field(int entry, int field, int choice) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      if (h.entries.isEmpty()) return;
      int i = entry % h.entries.size();
      List<String> pool = POOLS.get(field % 4);
      long[] o = h.offsets.get(i);
      long n = h.numels.get(i);
      h.entries.get(i)[field % 4] = pool.get(choice % pool.size()).replace("{b}", "" + o[0])
          .replace("{e}", "" + o[1]).replace("{b+4}", "" + (o[0] + 4)).replace("{e+4}", "" + (o[1] + 4))
          .replace("{b-4}", "" + (o[0] - 4)).replace("{e-4}", "" + (o[1] - 4)).replace("{b+8}", "" + (o[0] + 8))
          .replace("{e+8}", "" + (o[1] + 8)).replace("{e+1}", "" + (o[1] + 1)).replace("{e-1}", "" + (o[1] - 1))
          .replace("{n}", "" + n).replace("{n+1}", "" + (n + 1)).replace("{len}", "" + h.dataLength)
          .replace("{name0}", h.entries.get(0)[0]);
    }
  }

  /** Leaves out dtype, shape or data_offsets. */
  record DropField(int entry, int field) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      if (!h.entries.isEmpty()) h.entries.get(entry % h.entries.size())[1 + field % 3] = null;
    }
  }

  record ExtraField(int entry, int choice) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      if (!h.entries.isEmpty()) h.entries.get(entry % h.entries.size())[4] = EXTRA.get(choice % EXTRA.size());
    }
  }

  /** The same key twice, the second possibly with other values. */
  record DuplicateKey(int entry) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      if (h.entries.isEmpty()) return;
      int i = entry % h.entries.size();
      h.entries.add(h.entries.get(i).clone());
      h.offsets.add(h.offsets.get(i));
      h.numels.add(h.numels.get(i));
    }
  }

  record Metadata(int choice) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      h.metadata = METADATA.get(choice % METADATA.size());
    }
  }

  record Raw(int at, int choice) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      h.insertions.add(new Object[] {at, RAW.get(choice % RAW.size())});
    }
  }

  /** Many empty tensors: each must cost the reader little, however many a small header declares. */
  record ManyEmpty(int count) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      for (int k = 0; k < count; k++) {
        h.entries.add(new String[] {"\"empty" + k + "\"", "\"F32\"", "[0]", "[" + h.dataLength + "," + h.dataLength + "]",
            null});
        h.offsets.add(new long[] {h.dataLength, h.dataLength});
        h.numels.add(0);
      }
    }
  }

  /** The 8-byte length field off by a little (relative) or replaced by a hostile number. */
  record Length(long value, boolean relative) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      if (relative) h.lengthDelta = Math.floorMod(value, 17) - 8;
      else h.length = value;
    }
  }

  /** The data section cut short or followed by extra bytes. */
  record DataLength(int delta) implements SafeTensorsEdit {
    public void apply(SafeTensorsCase.Header h) {
      h.dataDelta = delta;
    }
  }
}
