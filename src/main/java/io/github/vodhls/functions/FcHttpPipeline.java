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
        Optional<EventEndpoint> events = graph.events();
        byte[][] notHttp = new byte[1][];
        Exchange exchange = exchange(graph.endpoint(), log, () -> {
            byte[] raw = FcHttpEvents.readBounded(in);
            if (events.isPresent() && !FcHttpEvents.isHttpEvent(raw)) {
                notHttp[0] = raw;
                return null;
            }
            return FcHttpEvents.read(raw);
        });
        if (notHttp[0] != null) {
            serveEvent(events.get(), notHttp[0], out, log, context, start);
            return;
        }
        FcHttpEvents.write(exchange.response, out);
        log.write(context, exchange.request, exchange.request == null ? null : exchange.fields,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Serves one invocation whose HTTP request comes without an FC event (the local stack's front end builds it
     * from its own HTTP request): the same handling, error mapping and log line as {@link #serve(String,
     * FunctionGraph, InputStream, OutputStream, Invocation)}, the response returned instead of written as FC's JSON.
     *
     * @param source builds the request; what it throws is answered as a malformed event's failure would be
     */
    static HttpResponse serve(String function, FunctionGraph graph, FcHttpFunction.RequestSource source,
            Invocation context) throws IOException {
        long start = System.nanoTime();
        RemoteCalls calls = RemoteCalls.open();
        try {
            RequestLogLine log = new RequestLogLine(function, context, calls);
            graph.beforeInvocation(context);
            Exchange exchange = exchange(graph.endpoint(), log, source);
            if (exchange.request == null && exchange.response == null) {
                throw new IllegalArgumentException("the request source gave no request");
            }
            log.write(context, exchange.request, exchange.request == null ? null : exchange.fields,
                    (System.nanoTime() - start) / 1_000_000);
            return exchange.response;
        } finally {
            calls.close();
        }
    }

    /** One request and its answer (null, null: the source found an event that is not an HTTP request). */
    private static final class Exchange {
        private HttpRequest request;
        private HttpResponse response;
        private final LogFields fields = new LogFields();
    }

    /** Reads the request, hands it to the endpoint and maps every failure to its code; HEAD answers lose the body. */
    private static Exchange exchange(HttpEndpoint endpoint, RequestLogLine log, FcHttpFunction.RequestSource source)
            throws IOException {
        Exchange exchange = new Exchange();
        try {
            exchange.request = source.read();
            if (exchange.request == null) {
                return exchange;
            }
            exchange.response = endpoint.handle(exchange.request, exchange.fields);
            log.outcome(exchange.response.status(), "OK");
        } catch (VodHlsException e) {
            HttpResponse response = ErrorMapper.toResponse(e).withHeaders(cors(endpoint, exchange.request));
            if (exchange.request != null) {
                response = response.withHeaders(endpoint.refusalHeaders(exchange.request, e));
            }
            exchange.response = response;
            log.outcome(response.status(), e.errorCode().code())
                    .failure(withSuppressed(e), e.errorCode().kind().serverSide());
        } catch (RuntimeException e) {
            exchange.response = ErrorMapper.unexpected().withHeaders(cors(endpoint, exchange.request));
            log.outcome(exchange.response.status(), "INTERNAL_ERROR")
                    .failure("unexpected " + ErrorMapper.bugSummary(e), true);
        }
        if (exchange.request != null && exchange.request.method().equals("HEAD")) {
            exchange.response = exchange.response.withoutBody(); // errors too: a HEAD response never has a body
        }
        return exchange;
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
