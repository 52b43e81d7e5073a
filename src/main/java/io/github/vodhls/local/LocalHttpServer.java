package io.github.vodhls.local;

import com.sun.net.httpserver.HttpHandler;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The local stack's HTTP server: Undertow on 127.0.0.1, serving the local routes ({@link HttpHandler}s, seen through
 * {@link UndertowHttpExchange}) by the longest matching path prefix, as the JDK server's contexts did.
 *
 * <p>What it holds, with {@link LocalHttpSettings}: requests are read by non-blocking I/O threads and reach one of a
 * bounded set of worker threads only once their line and headers are in, so idle or half-sent connections hold no
 * worker; a connection that takes longer than the header timeout to send them, or stays idle longer than the idle
 * timeout, is closed; request lines plus headers and bodies are bounded in size. Every answer the server gives itself
 * is JSON {@code {"code", "message"}} like the functions' errors: a request line or URI that does not parse is 400
 * {@code MALFORMED_REQUEST} (Undertow's own empty 400 for an unparseable request is rewritten on its way out, see
 * {@link JsonBadRequest}), a body over its limit 413 {@code REQUEST_TOO_LARGE}, a failure of a route 500
 * {@code INTERNAL_ERROR}; never a page or an exception's name.
 *
 * <p>Every answer's {@code Date} is read from the server's clock as its headers go out, as the JDK server did. Not
 * Undertow's: it keeps one date string for the whole JVM and leaves clearing it to a timer on one XNIO I/O thread,
 * which can stay asleep in {@code select()} (a missed wake-up, as XNIO 3.8's {@code WorkerThread} reads). In some
 * LongPlaybackBrowserTest runs every answer of the 6-minute run carried the date of its first one; a browser adds
 * {@code now - Date} to a response's age, so a refusal cached for 60 s was stale on arrival and a stuck player's
 * retries all reached the decrypt function.
 */
final class LocalHttpServer implements AutoCloseable {
    /** Undertow writes exactly these bytes, then closes, when it cannot parse a request (HttpReadListener). */
    static final String UNDERTOW_BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n";
    static final String MALFORMED_REQUEST_MESSAGE = "the request line, URI or headers could not be parsed (or exceed "
            + "LOCAL_HTTP_MAX_HEADER_BYTES)";
    private static final String UPLOAD_PREFIX = "/upload";
    /** XNIO and Undertow log through java.util.logging (their version banner, parse failures at debug); quiet them. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.xnio"), Logger.getLogger("io.undertow"),
            Logger.getLogger("org.jboss.threads"));

    static {
        for (Logger logger : QUIETED) {
            logger.setLevel(Level.WARNING);
        }
    }

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> channel;
    private final InetSocketAddress address;

    private LocalHttpServer(XnioWorker worker, AcceptingChannel<StreamConnection> channel) {
        this.worker = worker;
        this.channel = channel;
        this.address = channel.getLocalAddress(InetSocketAddress.class);
    }

    /** Routes by path prefix; build with {@link #route}, then {@link #start}. */
    static final class Routes {
        /** Longest prefix first; replaced whole on each addition, read by every request. */
        private volatile List<Route> routes = List.of();

        /** Serves every path that starts with {@code prefix} (the longest matching prefix wins). */
        synchronized Routes route(String prefix, HttpHandler handler) {
            List<Route> next = new ArrayList<>(routes);
            next.add(new Route(prefix, handler));
            next.sort(Comparator.comparingInt((Route r) -> r.prefix.length()).reversed());
            routes = List.copyOf(next);
            return this;
        }

        HttpHandler find(String path) {
            for (Route route : routes) {
                if (path.startsWith(route.prefix)) {
                    return route.handler;
                }
            }
            return null;
        }
    }

    private static final class Route {
        final String prefix;
        final HttpHandler handler;

        Route(String prefix, HttpHandler handler) {
            this.prefix = prefix;
            this.handler = handler;
        }
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: any free port) and starts serving {@code routes}.
     *
     * @param clock dates every answer ({@code Date}) as its headers go out
     * @param log where failures no answer shows (a route's bug) are logged, by class, never by message
     */
    static LocalHttpServer start(int port, Routes routes, LocalHttpSettings settings, Clock clock, PrintStream log)
            throws IOException {
        Xnio xnio = Xnio.getInstance(LocalHttpServer.class.getClassLoader());
        XnioWorker worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "local-stack-http")
                .set(Options.WORKER_IO_THREADS, settings.ioThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, settings.workers())
                .set(Options.WORKER_TASK_MAX_THREADS, settings.workers())
                .set(Options.THREAD_DAEMON, true)
                .set(Options.TCP_NODELAY, true)
                .getMap());
        try {
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, settings.headerTimeoutMillis())
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, settings.idleTimeoutMillis())
                    .set(UndertowOptions.IDLE_TIMEOUT, settings.idleTimeoutMillis())
                    .set(UndertowOptions.MAX_HEADER_SIZE, settings.maxHeaderBytes())
                    .set(UndertowOptions.MAX_ENTITY_SIZE, settings.maxBodyBytes())
                    // The routes decode what they read (and refuse what does not decode) as they did on the JDK server
                    .set(UndertowOptions.DECODE_URL, false)
                    .set(UndertowOptions.ALLOW_ENCODED_SLASH, true)
                    // Date comes from the clock (Dispatcher), never from Undertow's JVM-wide cached string
                    .set(UndertowOptions.ALWAYS_SET_DATE, false)
                    .getMap();
            HttpOpenListener open = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024), undertowOptions);
            open.setRootHandler(new Dispatcher(routes, settings, clock, log));
            ChannelListener<AcceptingChannel<StreamConnection>> accept = server -> {
                try {
                    StreamConnection connection;
                    while ((connection = server.accept()) != null) {
                        connection.getSinkChannel().setConduit(
                                new JsonBadRequest(connection.getSinkChannel().getConduit()));
                        open.handleEvent(connection);
                    }
                } catch (IOException e) {
                    log.println("[http] ERROR accepting a connection failed (" + e.getClass().getSimpleName() + ")");
                }
            };
            AcceptingChannel<StreamConnection> channel = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), accept, OptionMap.builder()
                            .set(Options.TCP_NODELAY, true)
                            .set(Options.REUSE_ADDRESSES, true)
                            .set(Options.BACKLOG, 1024)
                            .getMap());
            channel.resumeAccepts();
            return new LocalHttpServer(worker, channel);
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw e;
        }
    }

    /** The bound address (127.0.0.1 and the port). */
    InetSocketAddress address() {
        return address;
    }

    /** Stops accepting, closes open connections and the threads (waiting up to 5 s for running requests). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listening socket: nothing left to do
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every request: to a worker thread, URI checked, then its route through {@link UndertowHttpExchange}; its answer
     * dated by the clock when its headers go out.
     */
    private static final class Dispatcher implements io.undertow.server.HttpHandler {
        private final Routes routes;
        private final LocalHttpSettings settings;
        private final Clock clock;
        private final PrintStream log;

        /** The last second's {@code Date} value: formatting it is the same work for every answer of that second. */
        private volatile HttpDate date = new HttpDate(Long.MIN_VALUE, "");

        Dispatcher(Routes routes, LocalHttpSettings settings, Clock clock, PrintStream log) {
            this.routes = routes;
            this.settings = settings;
            this.clock = clock;
            this.log = log;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.addResponseCommitListener(answer -> answer.getResponseHeaders().put(Headers.DATE, httpDate()));
            exchange.startBlocking();
            URI uri = parseUri(exchange);
            if (uri == null || uri.getPath() == null) {
                sendError(exchange, 400, "MALFORMED_REQUEST", MALFORMED_REQUEST_MESSAGE);
                return;
            }
            HttpHandler route = routes.find(uri.getPath());
            if (route == null) {
                // only while the stack starts: its routes are added once the port is bound
                sendError(exchange, 503, "STARTING", "the local stack is starting");
                return;
            }
            if (uri.getPath().startsWith(UPLOAD_PREFIX)) {
                exchange.setMaxEntitySize(settings.maxUploadBytes());
            }
            UndertowHttpExchange adapted = new UndertowHttpExchange(exchange, uri);
            try {
                route.handle(adapted);
                if (!adapted.headersSent()) {
                    log.println("[http] ERROR INTERNAL_ERROR: a route answered nothing");
                    sendError(exchange, 500, "INTERNAL_ERROR", "internal error");
                }
            } catch (RequestTooBigException e) {
                failed(exchange, adapted, 413, "REQUEST_TOO_LARGE", "the request body is larger than this route "
                        + "accepts (LOCAL_HTTP_MAX_BODY_BYTES, LOCAL_HTTP_MAX_UPLOAD_BYTES)");
            } catch (IOException e) {
                // The client went away or sent a broken body: there is nobody to answer, or no way to
                failed(exchange, adapted, 400, "MALFORMED_REQUEST", "the request body could not be read");
            } catch (RuntimeException e) {
                log.println("[http] ERROR INTERNAL_ERROR: unexpected " + e.getClass().getName());
                failed(exchange, adapted, 500, "INTERNAL_ERROR", "internal error");
            } finally {
                exchange.endExchange();
            }
        }

        /** The clock's time as an HTTP date (whole seconds), formatted once a second. */
        private String httpDate() {
            Instant now = clock.instant();
            HttpDate known = date;
            if (known.epochSecond != now.getEpochSecond()) {
                known = new HttpDate(now.getEpochSecond(), DateUtils.toDateString(Date.from(now)));
                date = known;
            }
            return known.text;
        }

        private static final class HttpDate {
            private final long epochSecond;
            private final String text;

            HttpDate(long epochSecond, String text) {
                this.epochSecond = epochSecond;
                this.text = text;
            }
        }

        private static void failed(HttpServerExchange exchange, UndertowHttpExchange adapted, int status, String code,
                String message) {
            if (adapted.headersSent()) {
                // Part of an answer is out: the connection is the only way left to say it failed
                exchange.setPersistent(false);
                return;
            }
            sendError(exchange, status, code, message);
        }

        /** The raw request URI (path and query as sent), or null if it is no URI. */
        private static URI parseUri(HttpServerExchange exchange) {
            String query = exchange.getQueryString();
            String raw = exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
            try {
                return new URI(raw);
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }

    /** {@code {"code", "message"}} with the given status, as the functions' errors look; the connection closes. */
    static void sendError(HttpServerExchange exchange, int status, String code, String message) {
        exchange.setStatusCode(status);
        if (status == 400 || status == 413 || status >= 500) {
            // What is left of the request cannot be trusted (or read): this answer is the connection's last
            exchange.setPersistent(false);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        byte[] body = LocalJson.error(code, message).toString().getBytes(StandardCharsets.UTF_8);
        exchange.setResponseContentLength(body.length);
        try {
            exchange.getOutputStream().write(body);
            exchange.getOutputStream().close();
        } catch (IOException e) {
            exchange.setPersistent(false);
        }
    }

    /**
     * The bottom of every connection's sink: when Undertow answers a request it could not parse (a bad request line,
     * URI or header, or headers over {@code LOCAL_HTTP_MAX_HEADER_BYTES}) with its fixed empty 400, that one buffer
     * is replaced by a JSON 400 {@code MALFORMED_REQUEST}, so even those answers look like the stack's others.
     * Everything else passes through untouched.
     */
    static final class JsonBadRequest extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private static final byte[] UNDERTOW = UNDERTOW_BAD_REQUEST.getBytes(StandardCharsets.US_ASCII);
        private static final byte[] JSON;

        static {
            byte[] body = LocalJson.error("MALFORMED_REQUEST", MALFORMED_REQUEST_MESSAGE).toString()
                    .getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n"
                    + "Cache-Control: no-store\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            JSON = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, JSON, 0, headBytes.length);
            System.arraycopy(body, 0, JSON, headBytes.length, body.length);
        }

        /** The JSON answer still to write, once Undertow's 400 was seen; null before. */
        private ByteBuffer replacement;

        JsonBadRequest(StreamSinkConduit next) {
            super(next);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (replacement == null && !isUndertowBadRequest(src)) {
                return super.write(src);
            }
            if (replacement == null) {
                replacement = ByteBuffer.wrap(JSON);
            }
            super.write(replacement);
            if (replacement.hasRemaining()) {
                return 0;
            }
            replacement = null;
            int consumed = src.remaining();
            src.position(src.limit());
            return consumed;
        }

        private static boolean isUndertowBadRequest(ByteBuffer src) {
            if (src.remaining() != UNDERTOW.length) {
                return false;
            }
            for (int i = 0; i < UNDERTOW.length; i++) {
                if (src.get(src.position() + i) != UNDERTOW[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
