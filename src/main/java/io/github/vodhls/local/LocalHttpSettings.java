package io.github.vodhls.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How the local stack's HTTP server holds load and bad input: its threads, timeouts and size limits, from the
 * {@code LOCAL_HTTP_*} environment variables of {@code serve}; and the latency its stand-ins for the store and KMS
 * add to each call ({@code LOCAL_STORE_LATENCY_MS}, {@code LOCAL_KMS_LATENCY_MS}) to look like cloud round trips
 * (all documented in docs/configuration.md, "Local stack").
 * Immutable; {@link #defaults()} is what {@code serve} uses when none is set.
 */
public final class LocalHttpSettings {
    /** One variable: its name, default, bounds and meaning (the meaning is what the docs table says). */
    enum Variable {
        LOCAL_HTTP_WORKERS(16, 1, 512, "threads that run requests (the functions, the origin, the page); a request "
                + "reaches one only once its line and headers are read"),
        LOCAL_HTTP_IO_THREADS(2, 1, 64, "non-blocking threads that accept connections and read requests"),
        LOCAL_HTTP_HEADER_TIMEOUT_MS(5_000, 100, 600_000, "time a connection may take to send a request's line and "
                + "headers once it has started; then it is closed"),
        LOCAL_HTTP_IDLE_TIMEOUT_MS(30_000, 100, 3_600_000, "time a connection may stay open without a request, or "
                + "without any byte moving; then it is closed"),
        LOCAL_HTTP_MAX_HEADER_BYTES(32_768, 1_024, 1_048_576, "largest request line plus headers; a larger one is "
                + "refused (400 `MALFORMED_REQUEST`)"),
        LOCAL_HTTP_MAX_BODY_BYTES(1_048_576, 1_024, Integer.MAX_VALUE, "largest request body of every route but "
                + "`/upload` (413 `REQUEST_TOO_LARGE`)"),
        LOCAL_HTTP_MAX_UPLOAD_BYTES(4_294_967_296L, 1_024, Long.MAX_VALUE, "largest file `POST /upload` accepts "
                + "(413 `REQUEST_TOO_LARGE`)"),
        LOCAL_STORE_LATENCY_MS(0, 0, 10_000, "delay before every call to the store (H2 here), as a Tablestore round "
                + "trip would add; for benchmarks"),
        LOCAL_KMS_LATENCY_MS(0, 0, 10_000, "delay before every call to the local KMS, as a KMS round trip would add; "
                + "for benchmarks");

        private final long defaultValue;
        private final long min;
        private final long max;
        private final String meaning;

        Variable(long defaultValue, long min, long max, String meaning) {
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
            this.meaning = meaning;
        }

        long defaultValue() {
            return defaultValue;
        }

        String meaning() {
            return meaning;
        }

        long min() {
            return min;
        }

        long max() {
            return max;
        }
    }

    private final long[] values;

    private LocalHttpSettings(long[] values) {
        this.values = values;
    }

    /** Every variable at its default. */
    public static LocalHttpSettings defaults() {
        return fromEnvironment(Collections.emptyMap());
    }

    /**
     * The settings the environment gives, defaults for the rest.
     *
     * @throws IllegalArgumentException naming the variable and its bounds when a value is no whole number in them
     */
    public static LocalHttpSettings fromEnvironment(Map<String, String> environment) {
        Variable[] all = Variable.values();
        long[] values = new long[all.length];
        for (Variable variable : all) {
            String text = environment.get(variable.name());
            long value = variable.defaultValue;
            if (text != null && !text.trim().isEmpty()) {
                try {
                    value = Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    value = Long.MIN_VALUE;
                }
                if (value < variable.min || value > variable.max) {
                    throw new IllegalArgumentException(variable.name() + " must be a whole number from "
                            + variable.min + " to " + variable.max);
                }
            }
            values[variable.ordinal()] = value;
        }
        return new LocalHttpSettings(values);
    }

    /** The variables set in {@code environment}, as {@code NAME=value}, for {@code serve}'s start-up lines. */
    static List<String> describeSet(Map<String, String> environment) {
        List<String> set = new ArrayList<>();
        for (Variable variable : Variable.values()) {
            String text = environment.get(variable.name());
            if (text != null && !text.trim().isEmpty()) {
                set.add(variable.name() + "=" + text.trim());
            }
        }
        return set;
    }

    private long get(Variable variable) {
        return values[variable.ordinal()];
    }

    int workers() {
        return (int) get(Variable.LOCAL_HTTP_WORKERS);
    }

    int ioThreads() {
        return (int) get(Variable.LOCAL_HTTP_IO_THREADS);
    }

    int headerTimeoutMillis() {
        return (int) get(Variable.LOCAL_HTTP_HEADER_TIMEOUT_MS);
    }

    int idleTimeoutMillis() {
        return (int) get(Variable.LOCAL_HTTP_IDLE_TIMEOUT_MS);
    }

    int maxHeaderBytes() {
        return (int) get(Variable.LOCAL_HTTP_MAX_HEADER_BYTES);
    }

    long maxBodyBytes() {
        return get(Variable.LOCAL_HTTP_MAX_BODY_BYTES);
    }

    long maxUploadBytes() {
        return get(Variable.LOCAL_HTTP_MAX_UPLOAD_BYTES);
    }

    /** Milliseconds each store call waits before it runs (0: none). */
    long storeLatencyMillis() {
        return get(Variable.LOCAL_STORE_LATENCY_MS);
    }

    /** Milliseconds each KMS call waits before it runs (0: none). */
    long kmsLatencyMillis() {
        return get(Variable.LOCAL_KMS_LATENCY_MS);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("LocalHttpSettings[");
        for (Variable variable : Variable.values()) {
            text.append(variable.ordinal() == 0 ? "" : ", ").append(variable.name()).append('=')
                    .append(get(variable));
        }
        return text.append(']').toString();
    }
}
