package io.github.vodhls.functions;

import io.github.vodhls.core.calls.RemoteCalls;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.EventEndpoint;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.core.http.LogFields;
import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

/** read event, handle, map errors, write response, log one line: the one pipeline every HTTP function runs. */
final class FcHttpPipeline {
    private FcHttpPipeline() {
    }

    /**
     * Serves one invocation: reads the event (at most {@value FcHttpEvents#MAX_EVENT_BYTES} bytes), hands an HTTP
     * event to the endpoint and any other event to the function's {@link EventEndpoint} (if it has one), maps every
     * failure to its code, writes the answer and logs one line.
     *
     * @param function the logical function name for the log line, e.g. {@code decrypt}
     */
    static void serve(String function, FunctionGraph graph, InputStream in, OutputStream out, Invocation context)
            throws IOException {
        long start = System.nanoTime();
        RemoteCalls calls = RemoteCalls.open();
        try {
            serve(function, graph, in, out, context, start, calls);
        } finally {
            calls.close();
        }
    }

    private static void serve(String function, FunctionGraph graph, InputStream in, OutputStream out,
            Invocation context, long start, RemoteCalls calls) throws IOException {
        RequestLogLine log = new RequestLogLine(function, context, calls);
        graph.beforeInvocation(context);
        HttpEndpoint endpoint = graph.endpoint();
        HttpRequest request = null;
        HttpResponse response = null;
        byte[] event = null;
        LogFields fields = new LogFields();
        Optional<EventEndpoint> events = graph.events();
        try {
            byte[] raw = FcHttpEvents.readBounded(in);
            if (events.isPresent() && !FcHttpEvents.isHttpEvent(raw)) {
                event = raw;
            } else {
                request = FcHttpEvents.read(raw);
                response = endpoint.handle(request, fields);
                log.outcome(response.status(), "OK");
            }
        } catch (VodHlsException e) {
            response = ErrorMapper.toResponse(e).withHeaders(cors(endpoint, request));
            if (request != null) {
                response = response.withHeaders(endpoint.refusalHeaders(request, e));
            }
            log.outcome(response.status(), e.errorCode().code())
                    .failure(withSuppressed(e), e.errorCode().kind().serverSide());
        } catch (RuntimeException e) {
            response = ErrorMapper.unexpected().withHeaders(cors(endpoint, request));
            log.outcome(response.status(), "INTERNAL_ERROR")
                    .failure("unexpected " + ErrorMapper.bugSummary(e), true);
        }
        if (event != null) {
            serveEvent(events.get(), event, out, log, context, start);
            return;
        }
        if (request != null && request.method().equals("HEAD")) {
            response = response.withoutBody(); // errors too: a HEAD response never has a body
        }
        FcHttpEvents.write(response, out);
        log.write(context, request, request == null ? null : fields,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * An event that is not an HTTP request (an MNS queue trigger's batch): the endpoint's result is the invocation's
     * output; a failure fails the invocation (so the trigger delivers the event again) after the log line. The line
     * has no method or path: that is how to tell it from an HTTP request's.
     */
    private static void serveEvent(EventEndpoint events, byte[] raw, OutputStream out, RequestLogLine log,
            Invocation context, long start) throws IOException {
        LogFields fields = new LogFields();
        try {
            String result = events.handleEvent(raw, fields);
            out.write(result.getBytes(StandardCharsets.UTF_8));
            out.flush();
            log.outcome(200, "OK");
        } catch (VodHlsException e) {
            log.outcome(ErrorMapper.status(e.errorCode().kind()), e.errorCode().code())
                    .failure(withSuppressed(e), true);
            throw new IllegalStateException("event failed: " + e.errorCode().code(), null);
        } catch (RuntimeException e) {
            log.outcome(500, "INTERNAL_ERROR").failure("unexpected " + ErrorMapper.bugSummary(e), true);
            throw new IllegalStateException("event failed: INTERNAL_ERROR", null);
        } finally {
            log.write(context, null, fields, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * The failure's message, and what failed while it was being handled (e.g. releasing a claim after a failed
     * submission), so that neither is lost.
     */
    private static String withSuppressed(VodHlsException e) {
        StringBuilder message = new StringBuilder(e.getMessage());
        for (Throwable suppressed : e.getSuppressed()) {
            message.append("; while handling it: ").append(VodHlsException.forLog(suppressed));
        }
        return message.toString();
    }

    private static Map<String, String> cors(HttpEndpoint endpoint, HttpRequest request) {
        return request == null ? Collections.emptyMap() : endpoint.corsHeaders(request);
    }
}
