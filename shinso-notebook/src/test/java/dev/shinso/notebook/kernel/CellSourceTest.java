package dev.shinso.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellSourceTest {
  private static JShell shell;
  private static SourceCodeAnalysis analysis;

  @BeforeAll
  static void start() {
    shell = JShell.builder().executionEngine("local").build();
    analysis = shell.sourceCodeAnalysis();
  }

  @AfterAll
  static void close() {
    shell.close();
  }

  @Test
  void aCellIsCutIntoSnippetsThatStartAtTheirFirstToken() {
    String cell = "int a = 1; // one\n\n/* two */ int b = 2;\nvoid f() {\n}\na + b";
    List<CellSource.Piece> pieces = CellSource.split(analysis, cell);
    assertThat(pieces).extracting(CellSource.Piece::offset)
        .containsExactly(0, cell.indexOf("int b"), cell.indexOf("void"), cell.indexOf("a + b"));
    assertThat(pieces.get(1).source()).startsWith("int b = 2;");
    assertThat(pieces).extracting(CellSource.Piece::withoutSemicolon).containsExactly(false, false, true, true);
    assertThat(CellSource.lineOf(cell, pieces.get(3).offset())).isEqualTo(6);
  }

  @Test
  void anIncompleteTailIsOnePieceForJShellToReject() {
    String cell = "int a = 1;\nfor (int i = 0; i < 3; i++) {\n  a++;";
    List<CellSource.Piece> pieces = CellSource.split(analysis, cell);
    assertThat(pieces).hasSize(2);
    assertThat(pieces.get(1).source()).isEqualTo(cell.substring(cell.indexOf("for")));
  }

  @Test
  void commentsAndBlankLinesAloneAreNoSnippet() {
    assertThat(CellSource.split(analysis, "\n  // nothing to run\n/* at all */\n")).isEmpty();
  }

  @Test
  void theSnippetBeingTypedStartsAfterTheLastCompleteOne() {
    String prefix = "int a = 1;\nMath.ma";
    assertThat(CellSource.startOfLast(analysis, prefix)).isEqualTo(prefix.indexOf("Math"));
  }
}
