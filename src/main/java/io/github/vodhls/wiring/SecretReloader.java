package io.github.vodhls.wiring;

import com.google.gson.JsonObject;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.config.SecretEnvironment;
import io.github.vodhls.core.config.SecretSource;
import io.github.vodhls.core.error.VodHlsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps a function's graph in step with the KMS secrets its configuration names ({@code *_SECRET} variables).
 *
 * <p>The secrets are read once when the instance starts ({@link #initial()}), then again before the first invocation
 * after every {@code refresh} interval: a rotated value gives a new graph built from the new values (the same clients:
 * the builder reuses them), an unchanged one changes nothing. A graph that could not be built (a secret unreadable at
 * start) is retried every {@link #RETRY_FAILED} instead, so an instance recovers once KMS answers. After a good start,
 * failures never make things worse: a re-read that fails, or new values that do not build (a malformed key pasted into
 * the secret), keep the graph in use and are logged as one JSON line. No line ever contains a secret's value.
 */
final class SecretReloader implements FunctionGraph.Reloader {
    /** How soon an instance whose graph failed tries to read its secrets again. */
    static final Duration RETRY_FAILED = Duration.ofSeconds(10);

    private final String function;
    private final Map<String, String> environment;
    private final SecretSource source;
    private final Function<Map<String, String>, FunctionGraph> build;
    private final Duration refresh;
    private final Clock clock;
    private String fingerprint;
    private Instant nextRead;

    /**
     * @param function the function's name for log lines, e.g. {@code decrypt}
     * @param environment the plain environment, with {@code *_SECRET} variables
     * @param build builds a graph from an environment whose secrets are resolved (a failed graph, never an exception,
     *     for a configuration problem)
     * @param refresh how often to re-read; zero: never after a good start
     */
    SecretReloader(String function, Map<String, String> environment, SecretSource source,
            Function<Map<String, String>, FunctionGraph> build, Duration refresh, Clock clock) {
        this.function = function;
        this.environment = environment;
        this.source = source;
        this.build = build;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Reads the secrets and builds the first graph; a failing graph (never an exception) when that is impossible. */
    synchronized FunctionGraph initial() {
        FunctionGraph graph = readAndBuild();
        schedule(graph);
        return graph;
    }

    @Override
    public synchronized FunctionGraph reload(FunctionGraph current, Invocation context) {
        if (nextRead == null || clock.instant().isBefore(nextRead)) {
            return null;
        }
        boolean healthy = !current.failure().isPresent();
        SecretEnvironment secrets;
        try {
            secrets = SecretEnvironment.resolve(environment, source);
        } catch (VodHlsException e) {
            schedule(current);
            if (healthy) {
                log(context, "refresh-failed", e, "kept the secrets read before");
                return null;
            }
            return FunctionGraph.failing(e);
        }
        if (healthy && secrets.fingerprint().equals(fingerprint)) {
            schedule(current);
            return null;
        }
        FunctionGraph next = build.apply(secrets.environment());
        if (next.failure().isPresent() && healthy) {
            schedule(current);
            log(context, "rotation-rejected", next.failure().get(), "kept the secrets read before");
            return null;
        }
        fingerprint = secrets.fingerprint();
        schedule(next);
        if (!next.failure().isPresent()) {
            log(context, healthy ? "rotated" : "recovered", null, "rebuilt from " + secrets.secretNames().keySet());
        }
        return next;
    }

    private FunctionGraph readAndBuild() {
        SecretEnvironment secrets;
        try {
            secrets = SecretEnvironment.resolve(environment, source);
        } catch (VodHlsException e) {
            return FunctionGraph.failing(e);
        }
        fingerprint = secrets.fingerprint();
        return build.apply(secrets.environment());
    }

    private void schedule(FunctionGraph graph) {
        if (graph.failure().isPresent()) {
            nextRead = clock.instant().plus(RETRY_FAILED);
        } else {
            nextRead = refresh.isZero() ? null : clock.instant().plus(refresh);
        }
    }

    /** One JSON line: what happened to the secrets, the error code and message (which never quote a value). */
    private void log(Invocation context, String outcome, RuntimeException failure, String detail) {
        JsonObject json = new JsonObject();
        json.addProperty("function", function);
        json.addProperty("event", "secrets");
        json.addProperty("outcome", outcome);
        if (failure instanceof VodHlsException) {
            json.addProperty("code", ((VodHlsException) failure).errorCode().code());
            json.addProperty("message", failure.getMessage());
        } else if (failure != null) {
            json.addProperty("code", "INTERNAL_ERROR");
            json.addProperty("message", "a bug: " + failure.getClass().getName());
        }
        json.addProperty("detail", detail);
        Invocation.log(context, json.toString(), failure != null);
    }

    /** The configured refresh interval, SECRETS_REFRESH_SECONDS. */
    static Duration refreshInterval(io.github.vodhls.core.config.Config config) {
        return Duration.ofSeconds(config.integer(ConfigVariable.SECRETS_REFRESH_SECONDS));
    }
}
