package io.github.vodhls.functions;

import com.aliyun.fc.runtime.Context;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.wiring.FunctionGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;

/** read event, handle, map errors, write response, log one line: the one pipeline every HTTP function runs. */
final class FcHttpPipeline {
    private FcHttpPipeline() {
    }

    /** @param function the logical function name for the log line, e.g. {@code decrypt} */
    static void serve(String function, FunctionGraph graph, InputStream in, OutputStream out, Context context)
            throws IOException {
        long start = System.nanoTime();
        RequestLogLine log = new RequestLogLine(function, context);
        graph.beforeInvocation(context);
        HttpEndpoint endpoint = graph.endpoint();
        HttpRequest request = null;
        HttpResponse response;
        try {
            request = FcHttpEvents.read(in);
            response = endpoint.handle(request);
            log.outcome(response.status(), "OK");
        } catch (VodHlsException e) {
            response = ErrorMapper.toResponse(e).withHeaders(cors(endpoint, request));
            ErrorKind kind = e.errorCode().kind();
            log.outcome(response.status(), e.errorCode().code())
                    .failure(e.getMessage(), kind == ErrorKind.INTERNAL || kind == ErrorKind.UNAVAILABLE
                            || kind == ErrorKind.BAD_GATEWAY);
        } catch (RuntimeException e) {
            response = ErrorMapper.unexpected().withHeaders(cors(endpoint, request));
            log.outcome(response.status(), "INTERNAL_ERROR").failure("unexpected " + failureOf(e), true);
        }
        if (request != null && request.method().equals("HEAD")) {
            response = response.withoutBody(); // errors too: a HEAD response never has a body
        }
        FcHttpEvents.write(response, out);
        log.write(context, request, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * A bug, for the log: its class and top stack frames, never its message (which may quote a payload).
     */
    static String failureOf(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            sb.append(i == 0 ? " at " : " < ").append(trace[i]);
        }
        return sb.toString();
    }

    private static Map<String, String> cors(HttpEndpoint endpoint, HttpRequest request) {
        return request == null ? Collections.emptyMap() : endpoint.corsHeaders(request);
    }
}
