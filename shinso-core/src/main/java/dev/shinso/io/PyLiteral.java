package dev.shinso.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Python's literal syntax that NPY headers use, as {@code ast.literal_eval} reads it:
 * dicts, tuples, lists, strings in single or double quotes, integers (with Python 2's {@code L}
 * suffix), True, False and None; any spacing and trailing commas. Dicts become LinkedHashMaps,
 * tuples {@link Tuple}s, lists Lists, integers Longs, None {@link #NONE}. Errors are
 * IllegalArgumentExceptions that say where.
 */
final class PyLiteral {
  /** A Python tuple, kept apart from a list because NPY's shape must be one. */
  record Tuple(List<Object> items) {
    @Override
    public String toString() {
      return items.size() == 1 ? "(" + items.getFirst() + ",)" : items.toString().replace('[', '(').replace(']', ')');
    }
  }

  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  private static final int MAX_DEPTH = 32;
  private final String s;
  private int pos;
  private int depth;

  PyLiteral(String s) {
    this.s = s;
  }

  Object parseAll() {
    Object v = value();
    skipSpace();
    if (pos < s.length()) throw error("unexpected '" + s.charAt(pos) + "' after the value");
    return v;
  }

  private Object value() {
    skipSpace();
    if (pos >= s.length()) throw error("unexpected end");
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> dict();
      case '(' -> sequence(')', true);
      case '[' -> sequence(']', false);
      case '\'', '"' -> string();
      default -> {
        if (c == '-' || c == '+' || Character.isDigit(c)) yield integer();
        if ((c == 'u' || c == 'U') && pos + 1 < s.length() && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
          pos++; // Python 2's u'<f4'
          yield string();
        }
        yield name();
      }
    };
  }

  private Map<Object, Object> dict() {
    enter();
    pos++;
    Map<Object, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek('}')) break;
      Object key = value();
      if (key instanceof Map<?, ?> || key instanceof List<?>) throw error("a dict key cannot be a dict or list");
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek('}')) break;
      expect(',');
    }
    pos++;
    depth--;
    return map;
  }

  /** A tuple or a list; "(x)" without a comma is x in parentheses, as in Python. */
  private Object sequence(char close, boolean tuple) {
    enter();
    pos++;
    List<Object> items = new ArrayList<>();
    boolean comma = false;
    while (true) {
      skipSpace();
      if (peek(close)) break;
      items.add(value());
      skipSpace();
      if (peek(close)) break;
      expect(',');
      comma = true;
    }
    pos++;
    depth--;
    if (!tuple) return items;
    return items.size() == 1 && !comma ? items.getFirst() : new Tuple(items);
  }

  private String string() {
    char quote = s.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= s.length()) throw error("unterminated string");
      char c = s.charAt(pos++);
      if (c == quote) return out.toString();
      if (c == '\n') throw error("unterminated string");
      if (c == '\\') {
        if (pos >= s.length()) throw error("unterminated string");
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '0' -> out.append('\0');
          case 'x' -> out.append((char) hex(2));
          case 'u' -> out.append((char) hex(4));
          default -> out.append(e); // \\, \', \" and the rest stand for themselves
        }
      } else {
        out.append(c);
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > s.length()) throw error("a truncated escape");
    try {
      int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException e) {
      throw error("an invalid escape");
    }
  }

  private Long integer() {
    int start = pos;
    if (s.charAt(pos) == '-' || s.charAt(pos) == '+') pos++;
    while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
    String digits = s.substring(start, pos);
    if (digits.length() == 1 && !Character.isDigit(digits.charAt(0))) throw error("a sign without digits");
    if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++; // Python 2's long
    if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
      throw error("a number that is not an integer");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("the integer " + digits + " is not between -2^63 and 2^63-1");
    }
  }

  private Object name() {
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
    String word = s.substring(start, pos);
    return switch (word) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> NONE;
      default -> {
        pos = start;
        throw error(word.isEmpty() ? "unexpected '" + s.charAt(pos) + "'" : "unexpected name '" + word + "'");
      }
    };
  }

  private void enter() {
    if (++depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " deep");
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
  }

  private boolean peek(char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }

  private void expect(char c) {
    if (pos >= s.length()) throw error("unexpected end, expected '" + c + "'");
    if (s.charAt(pos) != c) throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
    pos++;
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(problem + " at character " + pos);
  }
}
