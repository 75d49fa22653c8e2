package io.github.apimoauth.backend.auth;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header rules as loops must answer exactly as StrictHttpFirewall's regular expressions do. */
class FirewallConfigurationTest {

    /** StrictHttpFirewall's own patterns (spring-security-web 7). */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    private static final Pattern HEADER_NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void isAllowedWhenAnyCodePointAloneOrAfterATokenThenSameAnswerAsTheFirewallsPatterns() {
        String token = "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            assertSame(alone);
            if (codePoint < 0x3000) {
                assertSame(token + alone + "x");
            }
        }
    }

    @Test
    void isAllowedWhenTabOrUnpairedSurrogatesOrEmptyThenSameAnswerAsTheFirewallsPatterns() {
        for (String text : new String[] { "", "a\tb", "\t", "a\uD800", "\uDC00b", "\uD83D\uDE00", "caf\u00e9", "a\u0085b",
                "a\u2028b", "a\r\nb", "\u007f" }) {
            assertSame(text);
        }
        assertThat(FirewallConfiguration.isAllowedHeaderValue("a\tb")).isTrue();
        assertThat(FirewallConfiguration.isAllowedHeaderName("a\tb")).isFalse();
        assertThat(FirewallConfiguration.isAllowedHeaderValue("a\u0000b")).isFalse();
    }

    private static void assertSame(String text) {
        assertThat(FirewallConfiguration.isAllowedHeaderValue(text)).as("value %s", escaped(text))
            .isEqualTo(HEADER_VALUE.matcher(text).matches());
        assertThat(FirewallConfiguration.isAllowedHeaderName(text)).as("name %s", escaped(text))
            .isEqualTo(HEADER_NAME.matcher(text).matches());
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(String.format("\\u%04x", cp)));
        return out.toString();
    }
}
