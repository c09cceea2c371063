package dev.shinso.text;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A text split by position into a training part (the first 90%) and a validation part (the rest),
 * as token ids (one per character, that is per code point: an emoji counts once), with random training windows and fixed, non-overlapping validation windows.
 */
public final class TextCorpus {
  /** The share of the text (from its start) that is trained on. */
  public static final double TRAIN_FRACTION = 0.9;

  private final CharTokenizer tokenizer;
  private final long[] train;
  private final long[] validation;

  public TextCorpus(String text, CharTokenizer tokenizer) {
    if (text.isEmpty()) throw new IllegalArgumentException("corpus: the text is empty");
    this.tokenizer = tokenizer;
    long[] all = tokenizer.encode(text);
    int cut = (int) Math.round(all.length * TRAIN_FRACTION);
    if (cut < 2 || all.length - cut < 2) {
      throw new IllegalArgumentException("corpus: " + all.length + " characters are too few to split 90/10 into "
          + "training and validation text of at least 2 characters each");
    }
    this.train = java.util.Arrays.copyOfRange(all, 0, cut);
    this.validation = java.util.Arrays.copyOfRange(all, cut, all.length);
  }

  /** The text with a vocabulary built from all of it. */
  public static TextCorpus of(String text) {
    if (text.isEmpty()) throw new IllegalArgumentException("corpus: the text is empty");
    return new TextCorpus(text, CharTokenizer.fromText(text));
  }

  /** Reads a UTF-8 file; an unreadable, empty or non-UTF-8 file is an error that says which. */
  public static String read(Path file) throws IOException {
    if (Files.isDirectory(file)) throw new IOException("corpus " + file + ": is a folder, not a text file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("corpus " + file + ": no such file");
    } catch (IOException e) {
      throw new IOException("corpus " + file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) throw new IOException("corpus " + file + ": the file is empty");
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("corpus " + file + ": not UTF-8 text (" + e.getMessage() + ")");
    }
  }

  public CharTokenizer tokenizer() {
    return tokenizer;
  }

  public long[] train() {
    return train;
  }

  public long[] validation() {
    return validation;
  }

  /** A pair of [B, T] tensors: inputs and the targets one position on. */
  public record Batch(Tensor inputs, Tensor targets) {}

  /** batch windows of length t from the training text, at offsets drawn from generator. */
  public Batch randomTrainingBatch(int batch, int t, Generator generator) {
    return randomTrainingBatch(batch, t, generator, 0, batch);
  }

  /**
   * Rows [from, to) of {@link #randomTrainingBatch(int, int, Generator) randomTrainingBatch(batch, t,
   * generator)}: every offset of the batch is drawn, so the generator advances as for the whole batch,
   * and only these rows are copied (a data-parallel replica's share of a global batch).
   */
  public Batch randomTrainingBatch(int batch, int t, Generator generator, int from, int to) {
    int windows = train.length - t;
    if (windows < 1) {
      throw new IllegalArgumentException("corpus: the training text (" + train.length + " characters) is shorter "
          + "than the context " + t + " + 1");
    }
    if (from < 0 || to > batch || from >= to) {
      throw new IllegalArgumentException("randomTrainingBatch: rows [" + from + ", " + to + ") are not a non-empty "
          + "part of a batch of " + batch);
    }
    int rows = to - from;
    long[] x = new long[rows * t], y = new long[rows * t];
    for (int b = 0; b < batch; b++) {
      int start = (int) generator.nextLong(windows);
      if (b < from || b >= to) continue;
      System.arraycopy(train, start, x, (b - from) * t, t);
      System.arraycopy(train, start + 1, y, (b - from) * t, t);
    }
    return new Batch(Tensor.wrap(x, rows, t), Tensor.wrap(y, rows, t));
  }

  /** The validation text cut into consecutive windows of at most t (the last may be shorter), each with its targets. */
  public java.util.List<Batch> validationWindows(int t) {
    java.util.List<Batch> out = new java.util.ArrayList<>();
    for (int start = 0; start < validation.length - 1; start += t) {
      int len = Math.min(t, validation.length - 1 - start);
      long[] x = java.util.Arrays.copyOfRange(validation, start, start + len);
      long[] y = java.util.Arrays.copyOfRange(validation, start + 1, start + 1 + len);
      out.add(new Batch(Tensor.wrap(x, 1, len), Tensor.wrap(y, 1, len)));
    }
    return out;
  }
}
