package io.github.apimoauth.emulator.appconfig;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** App Configuration's key and label filters: exact names, prefixes, choices, escapes and the null label. */
class KeyValueFilterTest {

    @Test
    void matchWhenPrefixAndExactChoicesThenEitherMatches() {
        KeyValueFilter filter = KeyValueFilter.parse("apim-oauth:policy:*,other", false);

        assertThat(filter.matches("apim-oauth:policy:sentinel")).isTrue();
        assertThat(filter.matches("other")).isTrue();
        assertThat(filter.matches("other2")).isFalse();
        assertThat(filter.matches("apim-oauth:polic")).isFalse();
    }

    @Test
    void matchWhenReservedCharactersEscapedThenTheyAreLiteral() {
        KeyValueFilter filter = KeyValueFilter.parse("a\\*b\\,c\\\\", false);

        assertThat(filter.matches("a*b,c\\")).isTrue();
        assertThat(filter.matches("a")).isFalse();
    }

    @Test
    void matchWhenLabelFilterIsNullLabelThenOnlyUnlabelledMatch() {
        KeyValueFilter filter = KeyValueFilter.parse("\0", true);

        assertThat(filter.matches(null)).isTrue();
        assertThat(filter.matches("prod")).isFalse();
        assertThat(KeyValueFilter.parse(null, true).matches("prod")).isTrue();
        assertThat(KeyValueFilter.parse("*", true).matches(null)).isTrue();
    }

    @Test
    void parseWhenStarInsideAChoiceOrTooManyChoicesThenRefused() {
        assertThatThrownBy(() -> KeyValueFilter.parse("a*b", false)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("(3): Invalid character: '*' may only end a choice");
        assertThatThrownBy(() -> KeyValueFilter.parse("a,b,c,d,e,f", false)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("At most 5");
        assertThatThrownBy(() -> KeyValueFilter.parse("a\\", false)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("trailing escape");
    }
}
