package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
  @Test
  void splitsNinetyTenByPosition() {
    String text = "abcdefghij".repeat(10);
    TextCorpus c = TextCorpus.of(text);
    assertThat(c.train()).hasSize(90);
    assertThat(c.validation()).hasSize(10);
    assertThat(c.tokenizer().decode(c.validation())).isEqualTo("abcdefghij");
  }

  @Test
  void charactersOutsideTheBmpCountOnceAndLoneSurrogatesAreRefused() {
    TextCorpus c = TextCorpus.of("ab\uD83D\uDE00cdefgh\u6F22".repeat(10));  // 10 characters, 11 UTF-16 units
    assertThat(c.train()).hasSize(90);
    assertThat(c.tokenizer().decode(c.validation())).isEqualTo("ab\uD83D\uDE00cdefgh\u6F22");
    assertThatThrownBy(() -> TextCorpus.of("abc\uD83Ddef".repeat(3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone UTF-16 surrogate U+D83D");
  }

  @Test
  void batchesAreWindowsWithTargetsOneOn() {
    TextCorpus c = TextCorpus.of("abcdefghij".repeat(10));
    TextCorpus.Batch b = c.randomTrainingBatch(3, 5, new Generator(1));
    assertThat(b.inputs().shapeArray()).containsExactly(3, 5);
    long[] x = b.inputs().toLongArray(), y = b.targets().toLongArray();
    for (int i = 0; i < 15; i++) if (i % 5 < 4) assertThat(y[i]).isEqualTo(x[i + 1]);
    var windows = c.validationWindows(4);  // 9 targets: windows of 4, 4, 1
    assertThat(windows).hasSize(3);
    assertThat(windows.get(2).inputs().shapeArray()).containsExactly(1, 1);
  }

  @Test
  void emptyUnreadableAndShortInputsAreClearErrors(@TempDir Path dir) throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.txt"));
    assertThatThrownBy(() -> TextCorpus.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("empty.txt")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> TextCorpus.read(dir.resolve("missing.txt"))).hasMessageContaining("missing.txt")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> TextCorpus.read(dir)).hasMessageContaining("folder");
    Path binary = Files.write(dir.resolve("bin.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertThatThrownBy(() -> TextCorpus.read(binary)).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> TextCorpus.of("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> TextCorpus.of("abc")).hasMessageContaining("too few");
  }
}
