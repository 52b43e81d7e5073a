package io.github.vodhls.functions;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/** Base of the HTTP-triggered FC handlers: holds the instance's object graph and runs the one pipeline. */
public abstract class FcHttpFunction implements StreamRequestHandler, FunctionInitializer {
    private final FunctionGraph graph;
    /** {@link #functionName()}, computed on first use (a racy single check: every thread computes the same). */
    private String name;

    /**
     * Builds the HTTP request of one invocation that comes without an FC event (the local stack's front end); it may
     * refuse it with a {@link io.github.vodhls.core.error.VodHlsException}, answered as a malformed event's would be.
     */
    public interface RequestSource {
        HttpRequest read() throws IOException;
    }

    protected FcHttpFunction(FunctionGraph graph) {
        this.graph = graph;
    }

    /** FC initializer: loads classes and clients before the first request arrives. */
    @Override
    public void initialize(Context context) throws IOException {
        graph.warmUp(FcInvocation.of(context));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(input, output, FcInvocation.of(context));
    }

    /** Serves one invocation given as the graph sees it (the local stack's entry: no FC type needed). */
    public void handle(InputStream input, OutputStream output, Invocation invocation) throws IOException {
        FcHttpPipeline.serve(name(), graph, input, output, invocation);
    }

    /**
     * Serves one invocation whose request is no FC event (the local stack's HTTP front end): what {@link #handle}
     * does with the event's request, without the event's JSON either way: the same handling, error mapping and log
     * line, the answer returned.
     */
    public HttpResponse serve(RequestSource request, Invocation invocation) throws IOException {
        return FcHttpPipeline.serve(name(), graph, request, invocation);
    }

    private String name() {
        String known = name;
        if (known == null) {
            known = functionName();
            name = known;
        }
        return known;
    }

    /** Warms the graph up for an invocation given as the graph sees it (the local stack's initializer). */
    public void warmUp(Invocation invocation) {
        graph.warmUp(invocation);
    }

    /**
     * The function's name in its log lines: the handler's class name without {@code Handler}, in kebab case
     * ({@code UploadCallbackHandler} is {@code upload-callback}), the same whatever the FC function is called.
     */
    protected String functionName() {
        String name = getClass().getSimpleName().replaceFirst("Handler$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
