package io.github.vodhls.functions;

import com.aliyun.fc.runtime.Context;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.UploadCallbackEndpoint;
import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * FC handler of the upload-callback function. Handler
 * {@code io.github.vodhls.functions.UploadCallbackHandler::handleRequest}, initializer
 * {@code io.github.vodhls.functions.UploadCallbackHandler::initialize}. It takes VOD's HTTP callback (an FC 3.0 HTTP
 * trigger event) and the events of an MNS queue trigger (CloudEvents, one or a batch); a failed MNS batch makes the
 * invocation fail so that FC redelivers it.
 */
public final class UploadCallbackHandler extends FcHttpFunction {
    private final FunctionGraph graph;

    /** Used by FC: builds the object graph once per instance from the environment. */
    public UploadCallbackHandler() {
        this(Wiring.fromEnvironment().uploadCallbackFunction());
    }

    /** Used by tests and the local stack. */
    public UploadCallbackHandler(FunctionGraph graph) {
        super(graph);
        this.graph = graph;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = FcHttpEvents.readBounded(input);
        if (FcHttpEvents.isHttpEvent(event)) {
            super.handleRequest(new ByteArrayInputStream(event), output, context);
            return;
        }
        long start = System.nanoTime();
        RequestLogLine log = new RequestLogLine(functionName(), context);
        graph.beforeInvocation(context);
        HttpEndpoint endpoint = graph.endpoint();
        try {
            String result;
            if (endpoint instanceof UploadCallbackEndpoint) {
                result = ((UploadCallbackEndpoint) endpoint).handleQueueMessages(event);
            } else {
                // A graph that failed to build: make it say why.
                endpoint.handle(new HttpRequest("POST", "/", Collections.emptyMap(), Collections.emptyMap(), event,
                        null));
                result = "{}";
            }
            output.write(result.getBytes(StandardCharsets.UTF_8));
            output.flush();
            log.outcome(200, "OK");
        } catch (VodHlsException e) {
            log.outcome(ErrorMapper.status(e.errorCode().kind()), e.errorCode().code()).failure(e.getMessage(), true);
            throw new IllegalStateException("queue event failed: " + e.errorCode().code(), null);
        } catch (RuntimeException e) {
            log.outcome(500, "INTERNAL_ERROR").failure("unexpected " + FcHttpPipeline.failureOf(e), true);
            throw e;
        } finally {
            // the queue trigger's line has no method or path: that is how to tell it from the HTTP callback's
            log.write(context, null, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
