package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharTokenizerTest {
  @Test
  void vocabularyIsTheSortedDistinctCharacters() {
    CharTokenizer t = CharTokenizer.fromText("hello, world\n");
    assertThat(t.vocabulary()).isEqualTo("\n ,dehlorw");
    assertThat(t.encode("hold")).containsExactly(5, 7, 6, 3);
    assertThat(t.decode(t.encode("hello, world\n"))).isEqualTo("hello, world\n");
    assertThat(new CharTokenizer(t.vocabulary()).encode("row")).containsExactly(t.encode("row"));
  }

  @Test
  void unknownCharactersAreNamedOrDropped() {
    CharTokenizer t = CharTokenizer.fromText("abc ");
    assertThatThrownBy(() -> t.encode("a cab, Zé")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("','").hasMessageContaining("'Z'").hasMessageContaining("'é' (U+00E9)")
        .hasMessageContaining("vocabulary of 4");
    assertThat(t.unknown("a\tb\tZ")).containsExactly('\t', 'Z');
    assertThat(t.dropUnknown("a cab, Zé")).isEqualTo("a cab ");
  }

  @Test
  void badVocabulariesAndTokensAreErrors() {
    assertThatThrownBy(() -> new CharTokenizer("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> new CharTokenizer("aba")).hasMessageContaining("'a'").hasMessageContaining("twice");
    assertThatThrownBy(() -> new CharTokenizer("ab").codePoint(2)).hasMessageContaining("token 2");
  }

  @Test
  void charactersOutsideTheBmpAreOneTokenEach() {
    String text = "a\uD83D\uDE00b\uD83D\uDE00\u6F22e\u0301";
    CharTokenizer t = CharTokenizer.fromText(text);
    assertThat(t.vocabSize()).isEqualTo(6);
    assertThat(t.vocabulary()).isEqualTo("abe\u0301\u6F22\uD83D\uDE00");  // sorted by code point
    assertThat(t.encode(text)).containsExactly(0, 5, 1, 5, 4, 2, 3);
    assertThat(t.decode(t.encode(text))).isEqualTo(text);
    assertThat(new CharTokenizer(t.vocabulary()).encode(text)).containsExactly(t.encode(text));
    assertThat(t.contains(0x1F600)).isTrue();
    assertThat(t.contains('\uD83D')).isFalse();
  }

  @Test
  void codePointsAboveTheSurrogatesSortAfterTheBmp() {
    // in UTF-16 order U+FF01 sorts after the surrogates of U+1F600; by code point it comes first
    CharTokenizer t = CharTokenizer.fromText("\uD83D\uDE00\uFF01");
    assertThat(t.vocabulary()).isEqualTo("\uFF01\uD83D\uDE00");
  }

  @Test
  void errorsShowTheCharacterAndItsCodePointNotItsSurrogates() {
    CharTokenizer t = CharTokenizer.fromText("ab");
    assertThatThrownBy(() -> t.encode("a\uD83D\uDE00b")).hasMessageContaining("'\uD83D\uDE00' (U+1F600)")
        .hasMessageNotContaining("D83D").hasMessageContaining("vocabulary of 2");
    assertThat(t.unknown("\uD83D\uDE00a\uD83D\uDE00\u6F22")).containsExactly(0x1F600, 0x6F22);
    assertThat(t.dropUnknown("a\uD83D\uDE00b")).isEqualTo("ab");
    assertThatThrownBy(() -> new CharTokenizer("x\uD83D\uDE00\uD83D\uDE00")).hasMessageContaining("'\uD83D\uDE00' (U+1F600)")
        .hasMessageContaining("twice");
    assertThat(CharTokenizer.describe(0x0301)).isEqualTo("'\u25CC\u0301' (U+0301)");
    assertThat(CharTokenizer.describe(0x200D)).isEqualTo("U+200D");
  }

  @Test
  void loneSurrogatesAreNotCharacters() {
    assertThatThrownBy(() -> CharTokenizer.fromText("ab\uD83Dc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+D83D").hasMessageContaining("lone UTF-16 surrogate").hasMessageContaining("index 2");
    assertThatThrownBy(() -> new CharTokenizer("a\uDE00")).hasMessageContaining("U+DE00").hasMessageContaining("lone");
    CharTokenizer t = CharTokenizer.fromText("abc");
    // two lone halves in the wrong order are two unknown non-characters, never a character made of them
    assertThat(t.unknown("a\uDE00\uD83Db")).containsExactly(0xDE00, 0xD83D);
    assertThat(t.unknown("a\uD83D b\uDE00")).containsExactly(0xD83D, ' ', 0xDE00);
    assertThatThrownBy(() -> t.encode("a\uD83D")).hasMessageContaining("U+D83D (a lone UTF-16 surrogate");
    assertThat(t.dropUnknown("a\uD83Db\uDE00c")).isEqualTo("abc");
  }
}
