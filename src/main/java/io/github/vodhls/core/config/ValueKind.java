package io.github.vodhls.core.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What a configuration variable holds: its type and, for numbers and choices, the values allowed. */
public final class ValueKind {

    /** The types a variable can have. */
    public enum Type {
        TEXT, INTEGER, BOOLEAN, CHOICE, URL, LIST
    }

    private final Type type;
    private final long min;
    private final long max;
    private final List<String> choices;

    private ValueKind(Type type, long min, long max, List<String> choices) {
        this.type = type;
        this.min = min;
        this.max = max;
        this.choices = choices;
    }

    /** Free text (validated, where needed, by the code that reads it). */
    public static ValueKind text() {
        return new ValueKind(Type.TEXT, 0, 0, Collections.emptyList());
    }

    /** A whole number in {@code [min, max]}. */
    public static ValueKind integer(long min, long max) {
        if (min > max || max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bounds " + min + ".." + max);
        }
        return new ValueKind(Type.INTEGER, min, max, Collections.emptyList());
    }

    /** {@code true} or {@code false}, any case. */
    public static ValueKind bool() {
        return new ValueKind(Type.BOOLEAN, 0, 0, List.of("true", "false"));
    }

    /** One of a fixed set of values, any case. */
    public static ValueKind choice(String... values) {
        return new ValueKind(Type.CHOICE, 0, 0, Collections.unmodifiableList(Arrays.asList(values)));
    }

    /** An absolute http(s) URL without query or fragment. */
    public static ValueKind url() {
        return new ValueKind(Type.URL, 0, 0, Collections.emptyList());
    }

    /** Comma-separated entries. */
    public static ValueKind list() {
        return new ValueKind(Type.LIST, 0, 0, Collections.emptyList());
    }

    public Type type() {
        return type;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    /** How the reference documents it, e.g. {@code integer 0..300}. */
    public String describe() {
        switch (type) {
            case INTEGER:
                return "integer " + min + ".." + max;
            case CHOICE:
                return String.join(" \\| ", choices);
            case BOOLEAN:
                return "true \\| false";
            default:
                return type.name().toLowerCase(Locale.ROOT);
        }
    }
}
