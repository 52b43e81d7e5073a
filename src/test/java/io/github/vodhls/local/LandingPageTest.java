package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo page and its files over loopback HTTP: served from the classpath, nothing loaded from elsewhere. */
class LandingPageTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", new LandingPage(base, System.err));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> send(String method, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    @Test
    void page_loadsOnlyScriptsOfTheStack_underAPolicyThatForbidsAnythingElse() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.startsWith("default-src 'none'; script-src 'self';"), csp);
        assertTrue(csp.contains("connect-src 'self' " + base + ";"), csp);
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page.body());
        int scripts = 0;
        while (references.find()) {
            String reference = references.group(1);
            assertTrue(reference.startsWith("/") || reference.equals("data:,"), "not from the stack: " + reference);
            if (reference.startsWith("/assets/")) {
                scripts++;
                assertEquals(200, get(reference).statusCode(), reference);
            }
        }
        assertEquals(4, scripts, "hls.js, player.js and the hls.js and video.js licenses");
        String player = get("/assets/player.js").body();
        assertFalse(player.matches("(?s).*https?://.*"), "player.js names no other host");
        for (String loadedLater : new String[] {"/assets/video.min.js", "/assets/video-js.min.css"}) {
            assertTrue(player.contains("'" + loadedLater + "'"), loadedLater);
            HttpResponse<String> asset = get(loadedLater);
            assertEquals(200, asset.statusCode(), loadedLater);
            assertEquals("public, max-age=86400", asset.headers().firstValue("Cache-Control").orElse(""));
        }
        assertTrue(get("/assets/video.min.js").body().contains("7.21.5"), "video.js from its webjar");
        assertTrue(csp.contains("style-src 'self' 'unsafe-inline'; font-src data:;"), csp);
    }

    @Test
    void hlsJs_isServedFromItsWebjar_asCacheableJavaScript() throws Exception {
        HttpResponse<String> hls = get(LandingPage.HLS_JS_PATH);
        assertEquals(200, hls.statusCode());
        assertEquals("text/javascript; charset=utf-8", hls.headers().firstValue("Content-Type").orElse(""));
        assertEquals("public, max-age=86400", hls.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", hls.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(hls.body().length() > 100_000, "the minified hls.js: " + hls.body().length() + " chars");
        assertTrue(hls.body().contains("\"" + LandingPage.hlsJsVersion() + "\""), "the webjar's version");

        String etag = hls.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> revalidated = send("GET", LandingPage.HLS_JS_PATH, etag);
        assertEquals(304, revalidated.statusCode());
        assertEquals("", revalidated.body());
        assertEquals(200, send("GET", LandingPage.HLS_JS_PATH, "\"other\"").statusCode());
        assertTrue(get("/assets/hls.js-LICENSE.txt").body().contains("Apache License"), "hls.js is Apache-2.0");
    }

    @Test
    void pageAndPlayerScript_areRevalidated_soTheyFollowTheJar() throws Exception {
        for (String path : new String[] {"/", "/assets/player.js"}) {
            assertEquals("no-cache", get(path).headers().firstValue("Cache-Control").orElse(""), path);
        }
        assertEquals("text/javascript; charset=utf-8",
                get("/assets/player.js").headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void unknownPath_isJson404_andOtherMethods_are405() throws Exception {
        for (String path : new String[] {"/nope", "/assets/", "/assets/hls.js", "/assets/../local-web/index.html"}) {
            HttpResponse<String> missing = get(path);
            assertEquals(404, missing.statusCode(), path);
            assertTrue(missing.body().contains("\"code\":\"NOT_FOUND\""), missing.body());
        }
        HttpResponse<String> post = send("POST", "/", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> head = send("HEAD", LandingPage.HLS_JS_PATH, null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }
}
