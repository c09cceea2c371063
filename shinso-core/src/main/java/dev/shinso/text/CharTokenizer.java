package dev.shinso.text;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Characters to token ids and back: the vocabulary is the sorted set of distinct characters
 * (UTF-16 code units) of the corpus it was built from, so it is saved as one string and rebuilt
 * exactly. A character outside the vocabulary is an error that names it; {@link #unknown} lists
 * them so that a caller can choose to drop them instead.
 */
public final class CharTokenizer {
  private final String vocabulary;
  private final int[] ids = new int[Character.MAX_VALUE + 1];

  /** A tokenizer over exactly these characters (distinct, in id order). */
  public CharTokenizer(String vocabulary) {
    if (vocabulary.isEmpty()) throw new IllegalArgumentException("CharTokenizer: the vocabulary is empty");
    Arrays.fill(ids, -1);
    for (int i = 0; i < vocabulary.length(); i++) {
      char c = vocabulary.charAt(i);
      if (ids[c] >= 0) {
        throw new IllegalArgumentException("CharTokenizer: character " + describe(c) + " appears twice in the vocabulary");
      }
      ids[c] = i;
    }
    this.vocabulary = vocabulary;
  }

  /** The vocabulary of text: its distinct characters, sorted. */
  public static CharTokenizer fromText(CharSequence text) {
    TreeSet<Character> chars = new TreeSet<>();
    for (int i = 0; i < text.length(); i++) chars.add(text.charAt(i));
    StringBuilder sb = new StringBuilder(chars.size());
    for (char c : chars) sb.append(c);
    return new CharTokenizer(sb.toString());
  }

  public String vocabulary() {
    return vocabulary;
  }

  public int vocabSize() {
    return vocabulary.length();
  }

  public boolean contains(char c) {
    return ids[c] >= 0;
  }

  /** Token ids of text; throws naming every character outside the vocabulary. */
  public long[] encode(CharSequence text) {
    String bad = unknown(text);
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("characters outside the vocabulary of " + vocabSize() + ": " + describeAll(bad));
    }
    long[] out = new long[text.length()];
    for (int i = 0; i < out.length; i++) out[i] = ids[text.charAt(i)];
    return out;
  }

  /** The distinct characters of text that are not in the vocabulary, in order of first appearance. */
  public String unknown(CharSequence text) {
    StringBuilder bad = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (ids[c] < 0 && bad.indexOf(String.valueOf(c)) < 0) bad.append(c);
    }
    return bad.toString();
  }

  /** text without the characters outside the vocabulary. */
  public String dropUnknown(CharSequence text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) if (ids[text.charAt(i)] >= 0) sb.append(text.charAt(i));
    return sb.toString();
  }

  public String decode(long[] tokens) {
    StringBuilder sb = new StringBuilder(tokens.length);
    for (long t : tokens) sb.append(decode(t));
    return sb.toString();
  }

  public char decode(long token) {
    if (token < 0 || token >= vocabulary.length()) {
      throw new IllegalArgumentException("CharTokenizer: token " + token + " outside [0, " + vocabulary.length() + ")");
    }
    return vocabulary.charAt((int) token);
  }

  /** 'x', or a Java escape / U+XXXX for characters that do not print. */
  static String describe(char c) {
    return switch (c) {
      case '\n' -> "'\\n'";
      case '\t' -> "'\\t'";
      case '\r' -> "'\\r'";
      default -> Character.isISOControl(c) || Character.isWhitespace(c) && c != ' ' || Character.isSurrogate(c)
          ? String.format("U+%04X", (int) c) : "'" + c + "' (U+" + String.format("%04X", (int) c) + ")";
    };
  }

  static String describeAll(String chars) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < chars.length(); i++) sb.append(i == 0 ? "" : ", ").append(describe(chars.charAt(i)));
    return sb.toString();
  }
}
