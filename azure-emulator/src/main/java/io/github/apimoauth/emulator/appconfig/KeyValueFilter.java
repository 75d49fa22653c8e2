package io.github.apimoauth.emulator.appconfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A key or label filter of a listing, as App Configuration reads it: absent or {@code *} matches everything; otherwise
 * up to 5 comma-separated choices, each an exact name or a prefix ending in {@code *}. {@code \} escapes a reserved
 * character ({@code * \ ,}). For labels, {@code \0} (sent as {@code %00}) is the null label.
 */
final class KeyValueFilter {

    private static final int MAX_CHOICES = 5;

    /** One choice: an exact value, or a prefix; a null value is the null label. */
    private record Choice(String value, boolean prefix) {

        boolean matches(String candidate) {
            if (value == null || candidate == null) {
                return value == null && candidate == null;
            }
            return prefix ? candidate.startsWith(value) : candidate.equals(value);
        }
    }

    private final List<Choice> choices;

    private KeyValueFilter(List<Choice> choices) {
        this.choices = choices;
    }

    /** Parses a filter; an invalid one throws IllegalArgumentException with the service's "{filter}(position): reason". */
    static KeyValueFilter parse(String filter, boolean label) {
        if (filter == null || filter.equals("*")) {
            return new KeyValueFilter(null);
        }
        List<Choice> choices = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean prefix = false;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (prefix && c != ',') {
                throw new IllegalArgumentException("(" + (i + 1) + "): Invalid character: '*' may only end a choice");
            }
            if (c == '\\') {
                if (i + 1 == filter.length()) {
                    throw new IllegalArgumentException("(" + (i + 1) + "): Invalid character: a trailing escape");
                }
                current.append(filter.charAt(++i));
            }
            else if (c == '*') {
                prefix = true;
            }
            else if (c == ',') {
                choices.add(choice(current.toString(), prefix, label));
                current.setLength(0);
                prefix = false;
            }
            else {
                current.append(c);
            }
        }
        choices.add(choice(current.toString(), prefix, label));
        if (choices.size() > MAX_CHOICES) {
            throw new IllegalArgumentException(": At most " + MAX_CHOICES + " comma-separated choices are allowed");
        }
        return new KeyValueFilter(List.copyOf(choices));
    }

    private static Choice choice(String value, boolean prefix, boolean label) {
        if (label && !prefix && KeyValueStore.normalizeLabel(value) == null) {
            return new Choice(null, false);
        }
        return new Choice(value, prefix);
    }

    boolean matches(String candidate) {
        return choices == null || choices.stream().anyMatch(c -> c.matches(candidate));
    }
}
