package dev.shinso.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Characters to token ids and back: the vocabulary is the distinct characters (Unicode code
 * points, so an emoji is one token, not two UTF-16 halves) of the corpus it was built from,
 * sorted by code point, so it is saved as one string and rebuilt exactly. A vocabulary of BMP
 * characters only is the same string, with the same ids, as when tokens were UTF-16 code units.
 * A character outside the vocabulary is an error that names it; {@link #unknown} lists them so
 * that a caller can choose to drop them instead. A lone UTF-16 surrogate is not a character: it
 * is never in a vocabulary, and text that would put one there is refused.
 */
public final class CharTokenizer {
  private final String vocabulary;
  private final int[] codePoints;                         // id -> code point
  private final int[] bmpIds = new int[Character.MAX_VALUE + 1];  // BMP code point -> id, or -1
  private final Map<Integer, Integer> supplementaryIds = new HashMap<>();

  /** A tokenizer over exactly these characters (distinct code points, in id order). */
  public CharTokenizer(String vocabulary) {
    if (vocabulary.isEmpty()) throw new IllegalArgumentException("CharTokenizer: the vocabulary is empty");
    requireNoLoneSurrogate(vocabulary, "the vocabulary");
    Arrays.fill(bmpIds, -1);
    this.codePoints = vocabulary.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      if (id(codePoints[i]) >= 0) {
        throw new IllegalArgumentException("CharTokenizer: character " + describe(codePoints[i])
            + " appears twice in the vocabulary");
      }
      if (Character.isBmpCodePoint(codePoints[i])) bmpIds[codePoints[i]] = i;
      else supplementaryIds.put(codePoints[i], i);
    }
    this.vocabulary = vocabulary;
  }

  /** The vocabulary of text: its distinct characters, sorted by code point. */
  public static CharTokenizer fromText(CharSequence text) {
    requireNoLoneSurrogate(text, "the text");
    int[] distinct = text.codePoints().sorted().distinct().toArray();
    StringBuilder sb = new StringBuilder(distinct.length);
    for (int c : distinct) sb.appendCodePoint(c);
    return new CharTokenizer(sb.toString());
  }

  public String vocabulary() {
    return vocabulary;
  }

  /** The number of tokens: characters (code points), not UTF-16 units. */
  public int vocabSize() {
    return codePoints.length;
  }

  /** Whether the character with this code point is in the vocabulary (a lone surrogate never is). */
  public boolean contains(int codePoint) {
    return id(codePoint) >= 0;
  }

  /** Token ids of text, one per character; throws naming every character outside the vocabulary. */
  public long[] encode(CharSequence text) {
    int[] bad = unknown(text);
    if (bad.length > 0) {
      throw new IllegalArgumentException("characters outside the vocabulary of " + vocabSize() + ": " + describeAll(bad));
    }
    return text.codePoints().mapToLong(this::id).toArray();
  }

  /**
   * The distinct characters (code points) of text that are not in the vocabulary, in order of
   * first appearance; a lone surrogate of text is one of them, as its own value.
   */
  public int[] unknown(CharSequence text) {  // codePoints() leaves a lone surrogate unpaired
    return text.codePoints().filter(c -> id(c) < 0).distinct().toArray();
  }

  /** text without the characters outside the vocabulary (lone surrogates included). */
  public String dropUnknown(CharSequence text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().filter(c -> id(c) >= 0).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  public String decode(long[] tokens) {
    StringBuilder sb = new StringBuilder(tokens.length);
    for (long t : tokens) sb.appendCodePoint(codePoint(t));
    return sb.toString();
  }

  /** The code point of a token. */
  public int codePoint(long token) {
    if (token < 0 || token >= codePoints.length) {
      throw new IllegalArgumentException("CharTokenizer: token " + token + " outside [0, " + codePoints.length + ")");
    }
    return codePoints[(int) token];
  }

  private int id(int codePoint) {
    if (Character.isBmpCodePoint(codePoint)) return bmpIds[codePoint];
    return supplementaryIds.getOrDefault(codePoint, -1);
  }

  private static void requireNoLoneSurrogate(CharSequence text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("CharTokenizer: " + what + " has a lone UTF-16 surrogate "
            + String.format("U+%04X", (int) c) + " at index " + i + " (half of a character outside the BMP, not a "
            + "character by itself); the text was cut or decoded wrongly");
      }
    }
  }

  /**
   * 'x' (U+XXXX); a Java escape for a new line, tab or carriage return; U+XXXX alone for characters
   * that do not print (controls, format characters such as U+200D, other white space); a combining
   * mark on a dotted circle; and a lone surrogate said to be one.
   */
  public static String describe(int codePoint) {
    String hex = String.format("U+%04X", codePoint);
    return switch (codePoint) {
      case '\n' -> "'\\n'";
      case '\t' -> "'\\t'";
      case '\r' -> "'\\r'";
      default -> switch (Character.getType(codePoint)) {
        case Character.SURROGATE -> hex + " (a lone UTF-16 surrogate, not a character)";
        case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
             Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> hex;
        case Character.SPACE_SEPARATOR -> codePoint == ' ' ? "' ' (U+0020)" : hex;
        case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK ->
            "'\u25CC" + Character.toString(codePoint) + "' (" + hex + ")";
        default -> "'" + Character.toString(codePoint) + "' (" + hex + ")";
      };
    };
  }

  /** The characters described one by one, separated by commas. */
  public static String describeAll(int[] codePoints) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < codePoints.length; i++) sb.append(i == 0 ? "" : ", ").append(describe(codePoints[i]));
    return sb.toString();
  }
}
