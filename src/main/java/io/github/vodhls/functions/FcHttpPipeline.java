package io.github.vodhls.functions;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionComputeLogger;
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

/** read event, handle, map errors, write response: the one pipeline every HTTP function runs. */
final class FcHttpPipeline {
    private FcHttpPipeline() {
    }

    static void serve(FunctionGraph graph, InputStream in, OutputStream out, Context context) throws IOException {
        graph.beforeInvocation(context);
        HttpEndpoint endpoint = graph.endpoint();
        HttpRequest request = null;
        HttpResponse response;
        try {
            request = FcHttpEvents.read(in);
            response = endpoint.handle(request);
        } catch (VodHlsException e) {
            response = ErrorMapper.toResponse(e).withHeaders(cors(endpoint, request));
            log(context, e.errorCode().kind().name().equals("INTERNAL") || e.errorCode().kind().name()
                    .equals("UNAVAILABLE"), "request failed: " + e.errorCode().code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            response = ErrorMapper.unexpected().withHeaders(cors(endpoint, request));
            log(context, true, "unexpected failure: " + e.getClass().getName() + frames(e));
        }
        if (request != null && request.method().equals("HEAD")) {
            response = response.withoutBody(); // errors too: a HEAD response never has a body
        }
        FcHttpEvents.write(response, out);
    }

    /** The top stack frames of a bug (never its message, which may quote a payload), to find it in the log. */
    private static String frames(Throwable e) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            sb.append(i == 0 ? " at " : " < ").append(trace[i]);
        }
        return sb.toString();
    }

    private static Map<String, String> cors(HttpEndpoint endpoint, HttpRequest request) {
        return request == null ? Collections.emptyMap() : endpoint.corsHeaders(request);
    }

    private static void log(Context context, boolean error, String line) {
        FunctionComputeLogger logger = context == null ? null : context.getLogger();
        if (logger == null) {
            return;
        }
        if (error) {
            logger.error(line);
        } else {
            logger.info(line);
        }
    }
}
