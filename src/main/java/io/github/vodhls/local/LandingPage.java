package io.github.vodhls.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.core.error.MethodNotAllowedException;
import io.github.vodhls.core.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /}: the demo player page, and the files it loads, all from the classpath (the page and its script
 * under {@code local-web/}, hls.js from its webjar): the page needs nothing from outside the stack, and its
 * Content-Security-Policy says so. Any other path is a JSON 404.
 */
final class LandingPage implements HttpHandler {
    static final String HLS_JS_PATH = "/assets/hls.min.js";
    private static final String HLS_WEBJAR = "META-INF/resources/webjars/hls.js/";
    private static final String HLS_POM = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";
    private static final String VIDEO_JS_WEBJAR = "META-INF/resources/webjars/video.js/";
    private static final String VIDEO_JS_POM = "META-INF/maven/org.webjars.npm/video.js/pom.properties";
    private static final String NO_CACHE = "no-cache";
    /** hls.js changes only with the jar; a day keeps reloads cheap and an upgrade visible by tomorrow. */
    private static final String CACHE_A_DAY = "public, max-age=86400";

    private final Map<String, Asset> assets = new HashMap<>();
    private final String contentSecurityPolicy;
    private final PrintStream log;

    /**
     * @param baseUrl the stack's own URL: play URLs and key URIs point there even when the page is opened by another
     *     name (localhost), so the policy lets the page reach it
     * @param log where a failure to serve a page (a bug) is logged
     */
    LandingPage(String baseUrl, PrintStream log) {
        this.log = log;
        String hls = HLS_WEBJAR + webjarVersion(HLS_POM) + "/";
        String videoJs = VIDEO_JS_WEBJAR + webjarVersion(VIDEO_JS_POM) + "/";
        assets.put("/", new Asset("local-web/index.html", "text/html; charset=utf-8", NO_CACHE));
        assets.put("/assets/player.js", new Asset("local-web/player.js", "text/javascript; charset=utf-8", NO_CACHE));
        assets.put(HLS_JS_PATH, new Asset(hls + "dist/hls.min.js", "text/javascript; charset=utf-8", CACHE_A_DAY));
        assets.put("/assets/hls.js-LICENSE.txt", new Asset(hls + "LICENSE", "text/plain; charset=utf-8", CACHE_A_DAY));
        assets.put("/assets/video.min.js", new Asset(videoJs + "dist/video.min.js", "text/javascript; charset=utf-8",
                CACHE_A_DAY));
        assets.put("/assets/video-js.min.css", new Asset(videoJs + "dist/video-js.min.css", "text/css; charset=utf-8",
                CACHE_A_DAY));
        assets.put("/assets/video.js-LICENSE.txt", new Asset(videoJs + "LICENSE", "text/plain; charset=utf-8",
                CACHE_A_DAY));
        contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "font-src data:; "
                + "img-src 'self' data:; connect-src 'self' " + baseUrl + "; media-src 'self' blob: " + baseUrl
                + "; worker-src blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        LocalJson.answer(exchange, "landing", log, this::serve);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Asset asset = assets.get(path);
        if (asset == null) {
            throw new NotFoundException("no route " + jsonSafe(path));
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new MethodNotAllowedException("GET only");
        }
        exchange.getResponseHeaders().set("Content-Type", asset.contentType);
        exchange.getResponseHeaders().set("Cache-Control", asset.cacheControl);
        exchange.getResponseHeaders().set("ETag", asset.etag);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (path.equals("/")) {
            exchange.getResponseHeaders().set("Content-Security-Policy", contentSecurityPolicy);
        }
        if (asset.etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : asset.bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(asset.bytes);
            }
        }
    }

    /** The version of the hls.js webjar on the classpath (its directory name inside the jar). */
    static String hlsJsVersion() {
        return webjarVersion(HLS_POM);
    }

    /** The version a webjar's pom.properties names (its directory name inside the jar). */
    private static String webjarVersion(String pom) {
        Properties properties = new Properties();
        try (InputStream in = resource(pom)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
        String version = properties.getProperty("version");
        if (version == null || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IllegalStateException(pom + " names no usable version: " + version);
        }
        return version;
    }

    private static InputStream resource(String name) {
        InputStream in = LandingPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the demo page's " + name + " is not on the classpath (the local stack jar"
                    + " carries it; the FC package does not)");
        }
        return in;
    }

    private static String jsonSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9/._-]", "?");
    }

    /** A classpath file, read once, with its headers. */
    private static final class Asset {
        final byte[] bytes;
        final String contentType;
        final String cacheControl;
        final String etag;

        Asset(String resource, String contentType, String cacheControl) {
            try (InputStream in = resource(resource)) {
                this.bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            this.contentType = contentType;
            this.cacheControl = cacheControl;
            this.etag = "\"" + sha256Prefix(bytes) + "\"";
        }

        private static String sha256Prefix(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }
}
