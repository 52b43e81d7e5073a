package io.github.vodhls.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Undertow request seen through the JDK's {@link HttpExchange}, the type the local routes were written against
 * (they keep it: {@link LocalHttpServer} runs them on Undertow, and their unit tests still mount them on the JDK
 * server). Blocking, on a worker thread: {@link LocalHttpServer} dispatches and starts blocking mode first.
 *
 * <p>{@link #sendResponseHeaders} follows the JDK's contract: a length above 0 is sent as {@code Content-Length},
 * 0 means a body of unknown length (chunked), -1 no body.
 */
final class UndertowHttpExchange extends HttpExchange {
    private final HttpServerExchange exchange;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream out;
    private int responseCode = -1;

    /** @param uri the request URI, already parsed (a request whose URI does not parse never gets here) */
    UndertowHttpExchange(HttpServerExchange exchange, URI uri) {
        this.exchange = exchange;
        this.uri = uri;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                requestHeaders.add(values.getHeaderName().toString(), value);
            }
        }
        this.in = exchange.getInputStream();
        this.out = exchange.getOutputStream();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return exchange.getRequestMethod().toString();
    }

    /** The local routes never ask; there is no JDK context behind an Undertow request. */
    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("no HttpContext on the local Undertow server");
    }

    /**
     * Ends the answer once its headers are sent (closing the body stream). Before that it does nothing: the server
     * answers a route that sent nothing (or failed before sending) itself, once the route returns.
     */
    @Override
    public void close() {
        if (headersSent()) {
            try {
                out.close();
            } catch (java.io.IOException e) {
                // the client went away mid-answer: the connection is done for
                exchange.setPersistent(false);
            }
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        if (exchange.isResponseStarted()) {
            throw new IllegalStateException("headers already sent");
        }
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            HttpString name = HttpString.tryFromString(header.getKey());
            exchange.getResponseHeaders().putAll(name, header.getValue());
        }
        exchange.setStatusCode(rCode);
        boolean bodiless = rCode == 204 || rCode == 304 || (rCode >= 100 && rCode < 200);
        if (responseLength > 0) {
            exchange.setResponseContentLength(responseLength);
        } else if (responseLength < 0 && !bodiless) {
            exchange.setResponseContentLength(0);
        }
        responseCode = rCode;
    }

    boolean headersSent() {
        return responseCode != -1 || exchange.isResponseStarted();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return exchange.getSourceAddress();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return exchange.getDestinationAddress();
    }

    @Override
    public String getProtocol() {
        return exchange.getProtocol().toString();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
