package io.github.vodhls.wiring;

import com.aliyun.fc.runtime.Context;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** One function instance's object graph: its endpoint plus what runs at warm-up and before each invocation. */
public final class FunctionGraph {
    private final HttpEndpoint endpoint;
    private final Consumer<Context> beforeInvocation;
    private final Runnable warmUp;
    private final ConfigurationException problem;

    public FunctionGraph(HttpEndpoint endpoint, Consumer<Context> beforeInvocation, Runnable warmUp) {
        this(endpoint, beforeInvocation, warmUp, null);
    }

    private FunctionGraph(HttpEndpoint endpoint, Consumer<Context> beforeInvocation, Runnable warmUp,
            ConfigurationException problem) {
        this.endpoint = endpoint;
        this.beforeInvocation = beforeInvocation;
        this.warmUp = warmUp;
        this.problem = problem;
    }

    /**
     * A graph for an instance whose configuration is invalid: every request fails closed with 500
     * CONFIGURATION_INVALID naming the variable, and the initializer fails so the problem shows at deploy time.
     */
    public static FunctionGraph failed(ConfigurationException problem) {
        HttpEndpoint failing = new HttpEndpoint() {
            @Override
            public HttpResponse handle(HttpRequest request) {
                throw problem;
            }

            @Override
            public Map<String, String> corsHeaders(HttpRequest request) {
                return Collections.emptyMap();
            }
        };
        return new FunctionGraph(failing, context -> { }, () -> {
            throw problem;
        }, problem);
    }

    /** Why this graph fails every request (a missing or invalid variable), or empty for a working graph. */
    public Optional<ConfigurationException> configurationProblem() {
        return Optional.ofNullable(problem);
    }

    public HttpEndpoint endpoint() {
        return endpoint;
    }

    /** Refreshes per-invocation state (the role's temporary credentials). */
    public void beforeInvocation(Context context) {
        beforeInvocation.accept(context);
    }

    /** Loads classes and creates clients ahead of the first request. */
    public void warmUp(Context context) {
        beforeInvocation.accept(context);
        warmUp.run();
    }
}
