package io.github.vodhls.wiring;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.EventEndpoint;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.core.http.LogFields;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One function instance's object graph: its endpoint plus what runs at warm-up and before each invocation.
 *
 * <p>A {@linkplain #reloading reloading} graph may replace its endpoint before an invocation, e.g. when a KMS secret it
 * was built from has been rotated; every other graph is fixed for the life of the instance.
 */
public final class FunctionGraph {
    private final HttpEndpoint endpoint;
    private final EventEndpoint events;
    private final Consumer<Invocation> beforeInvocation;
    private final Runnable warmUp;
    private final RuntimeException problem;
    private final Reloader reloader;
    private volatile FunctionGraph current;

    /** Decides, before an invocation, whether a reloading graph is replaced. */
    public interface Reloader {
        /**
         * @param current the graph in use
         * @param context the invocation's context (for logging), may be null
         * @return the graph to use from now on, or null to keep {@code current}
         */
        FunctionGraph reload(FunctionGraph current, Invocation context);
    }

    public FunctionGraph(HttpEndpoint endpoint, Consumer<Invocation> beforeInvocation, Runnable warmUp) {
        this(endpoint, null, beforeInvocation, warmUp, null);
    }

    /** A graph that also takes events other than HTTP requests (the upload-callback function's MNS trigger). */
    public FunctionGraph(HttpEndpoint endpoint, EventEndpoint events, Consumer<Invocation> beforeInvocation,
            Runnable warmUp) {
        this(endpoint, Objects.requireNonNull(events, "events"), beforeInvocation, warmUp, null);
    }

    private FunctionGraph(HttpEndpoint endpoint, EventEndpoint events, Consumer<Invocation> beforeInvocation,
            Runnable warmUp, RuntimeException problem) {
        this.endpoint = endpoint;
        this.events = events;
        this.beforeInvocation = beforeInvocation;
        this.warmUp = warmUp;
        this.problem = problem;
        this.reloader = null;
    }

    private FunctionGraph(FunctionGraph initial, Consumer<Invocation> beforeReload, Reloader reloader) {
        this.endpoint = null;
        this.events = null;
        this.beforeInvocation = Objects.requireNonNull(beforeReload, "beforeReload");
        this.warmUp = null;
        this.problem = null;
        this.reloader = Objects.requireNonNull(reloader, "reloader");
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /**
     * A graph for an instance whose configuration is invalid: every request fails closed with 500
     * CONFIGURATION_INVALID naming the variable, and the initializer fails so the problem shows at deploy time.
     */
    public static FunctionGraph failed(ConfigurationException problem) {
        return failing(problem);
    }

    /**
     * A graph that cannot be built now (e.g. 503 SECRETS_UNAVAILABLE: its secrets could not be read): every request
     * fails with {@code problem}, and so does the initializer.
     */
    public static FunctionGraph failing(VodHlsException problem) {
        return failingWith(problem);
    }

    /**
     * A graph that could not be built because of a bug: every request and the initializer fail with {@code bug}, which
     * the pipeline answers as 500 INTERNAL_ERROR with a log line (its class and frames, never its message).
     */
    public static FunctionGraph broken(RuntimeException bug) {
        return failingWith(bug);
    }

    private static FunctionGraph failingWith(RuntimeException problem) {
        HttpEndpoint failing = new HttpEndpoint() {
            @Override
            public HttpResponse handle(HttpRequest request, LogFields log) {
                throw problem;
            }

            @Override
            public Map<String, String> corsHeaders(HttpRequest request) {
                return Collections.emptyMap();
            }
        };
        EventEndpoint failingEvents = (event, log) -> {
            throw problem;
        };
        return new FunctionGraph(failing, failingEvents, context -> { }, () -> {
            throw problem;
        }, problem);
    }

    /**
     * A graph that starts as {@code initial} and, before each invocation, runs {@code beforeReload} (the role's
     * fresh credentials) and then asks {@code reloader} whether to switch to a newly built graph.
     */
    public static FunctionGraph reloading(FunctionGraph initial, Consumer<Invocation> beforeReload, Reloader reloader) {
        return new FunctionGraph(initial, beforeReload, reloader);
    }

    /** Why this graph fails every request (a missing or invalid variable), or empty for a working graph. */
    public Optional<ConfigurationException> configurationProblem() {
        RuntimeException failure = failure().orElse(null);
        return failure instanceof ConfigurationException ? Optional.of((ConfigurationException) failure)
                : Optional.empty();
    }

    /**
     * Why this graph fails every request (configuration, a dependency it is built from, or a bug while building), or
     * empty for a working graph.
     */
    public Optional<RuntimeException> failure() {
        if (reloader != null) {
            return current.failure();
        }
        return Optional.ofNullable(problem);
    }

    public HttpEndpoint endpoint() {
        return reloader != null ? current.endpoint() : endpoint;
    }

    /**
     * Where events that are not HTTP requests go, if this function takes any (a graph that failed to build takes
     * them all, and fails them with its problem).
     */
    public Optional<EventEndpoint> events() {
        return reloader != null ? current.events() : Optional.ofNullable(events);
    }

    /** Refreshes per-invocation state (the role's temporary credentials), and reloads a reloading graph. */
    public void beforeInvocation(Invocation context) {
        if (reloader == null) {
            beforeInvocation.accept(context);
            return;
        }
        beforeInvocation.accept(context);
        FunctionGraph use;
        synchronized (this) {
            FunctionGraph next = reloader.reload(current, context);
            if (next != null) {
                current = next;
            }
            use = current;
        }
        use.beforeInvocation(context);
    }

    /** Loads classes and creates clients ahead of the first request. */
    public void warmUp(Invocation context) {
        if (reloader != null) {
            beforeInvocation.accept(context);
            current.warmUp(context);
            return;
        }
        beforeInvocation.accept(context);
        warmUp.run();
    }
}
