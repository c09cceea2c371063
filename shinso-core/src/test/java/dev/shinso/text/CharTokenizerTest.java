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
    assertThat(t.unknown("a\tb\tZ")).isEqualTo("\tZ");
    assertThat(t.dropUnknown("a cab, Zé")).isEqualTo("a cab ");
  }

  @Test
  void badVocabulariesAndTokensAreErrors() {
    assertThatThrownBy(() -> new CharTokenizer("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> new CharTokenizer("aba")).hasMessageContaining("'a'").hasMessageContaining("twice");
    assertThatThrownBy(() -> new CharTokenizer("ab").decode(2)).hasMessageContaining("token 2");
  }
}
