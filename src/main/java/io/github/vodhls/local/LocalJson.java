package io.github.vodhls.local;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.functions.ErrorMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Answers of the local stack's own routes (the ones that are not FC functions), in the functions' shape: their
 * failures go through the functions' {@link ErrorMapper}, so a code has the same status, body and headers here.
 */
final class LocalJson {
    private LocalJson() {
    }

    /** What a local route does with one exchange; it may throw a {@link VodHlsException} to answer a failure. */
    interface Route {
        void serve(HttpExchange exchange) throws IOException;
    }

    /**
     * Serves one exchange and closes it. A {@link VodHlsException} is answered as {@link ErrorMapper} answers it
     * (a server-side one is also logged, since the answer hides its message); any other exception is a bug: logged
     * with its class and top frames, answered 500 {@code INTERNAL_ERROR}.
     *
     * @param route names the route in the log, e.g. {@code upload}
     */
    static void answer(HttpExchange exchange, String route, PrintStream log, Route serve) throws IOException {
        try {
            serve.serve(exchange);
        } catch (VodHlsException e) {
            if (e.errorCode().kind().serverSide()) {
                log.println("[" + route + "] ERROR " + e.errorCode().code() + ": " + e.getMessage());
            }
            send(exchange, ErrorMapper.toResponse(e));
        } catch (RuntimeException e) {
            log.println("[" + route + "] ERROR INTERNAL_ERROR: unexpected " + ErrorMapper.bugSummary(e));
            send(exchange, ErrorMapper.unexpected());
        } finally {
            exchange.close();
        }
    }

    /** {@code {"code", "message"}}, like the functions' errors, for an answer that is no {@link VodHlsException}. */
    static JsonObject error(String code, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("code", code);
        json.addProperty("message", message);
        return json;
    }

    static void send(HttpExchange exchange, int status, JsonObject json) throws IOException {
        send(exchange, HttpResponse.json(status, json.toString()));
    }

    /** Writes a neutral response, headers and body; a {@code HEAD} request gets the headers only. */
    static void send(HttpExchange exchange, HttpResponse response) throws IOException {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        byte[] body = response.body();
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || body.length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
