package dev.shinso.cli.lecture;

import java.util.List;

/** The little HTML the lecture pages need: escaping and tables. */
final class Html {
  private Html() {}

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A table with a header row; cells are escaped. */
  static String table(List<String> columns, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (String c : columns) sb.append("<th>").append(escape(c)).append("</th>");
    sb.append("</tr>\n");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (String c : r) sb.append("<td>").append(escape(c)).append("</td>");
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }
}
