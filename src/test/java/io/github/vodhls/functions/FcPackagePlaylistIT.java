package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.http.HttpPlaylistOrigin;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.token.TokenClaims;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.FunctionGraphs;
import io.github.vodhls.wiring.Wiring;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The playlist handler of the FC package as FC builds it (from the environment, by {@link Wiring}), reading from an
 * HTTP origin on 127.0.0.1 standing in for OSS: the origin adapter and the rewriter are in the package and work.
 */
class FcPackagePlaylistIT {
    private static final String PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.com/decrypt?Ciphertext=QUJD\"\n"
            + "#EXTINF:4,\nseg_000.ts\n#EXT-X-ENDLIST\n";

    private HttpServer origin;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/hls/video-1/index.m3u8", exchange -> {
            byte[] body = PLAYLIST.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
        env = Map.of("TOKEN_SIGNING_KEYS", TestKeys.hs256Entry("k1"), "STORE", "memory",
                "ORIGIN_BASE_URL", "http://127.0.0.1:" + origin.getAddress().getPort() + "/hls",
                "SEGMENT_BASE_URL", "https://cdn.example.com/hls", "DECRYPT_BASE_URL", "https://key.example.com/decrypt");
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    private static FcResponse call(PlaylistHandler handler, FcEventBuilder event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray());
    }

    @Test
    void playlist_asFcWiresIt_checksTheStore_andRedirectsSegments() throws Exception {
        PlaylistHandler handler = new PlaylistHandler(new Wiring(env, Clock.systemUTC(), new SecureRandom())
                .playlistFunction());
        handler.initialize(new TestContext());
        // signed with the deployment's key but unknown to its (empty, in-memory) store
        FcResponse unknown = call(handler, FcEventBuilder.get("/media/video-1/index.m3u8")
                .query("MtsHlsUriToken", sign("t0", "video-1")));
        assertEquals(403, unknown.statusCode(), unknown.bodyText());
        assertEquals("TOKEN_UNKNOWN", unknown.errorCode());

        FcResponse segment = call(handler, FcEventBuilder.get("/media/video-1/seg_000.ts"));
        assertEquals(302, segment.statusCode());
        assertEquals("https://cdn.example.com/hls/video-1/seg_000.ts", segment.header("Location"));
    }

    @Test
    void playlist_fromTheHttpOrigin_isRewrittenWithTheToken() throws Exception {
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        Clock clock = Clock.systemUTC();
        PlaylistHandler handler = new PlaylistHandler(new FunctionGraphs(Config.from(env), clock, new SecureRandom())
                .playlist(tokens, new HttpPlaylistOrigin(env.get("ORIGIN_BASE_URL"), Duration.ofSeconds(5), 65_536),
                        ctx -> { }, () -> { }));
        String token = sign("t1", "video-1");
        tokens.record(new TokenRecord("t1", "video-1", "user-1", 5, clock.instant(), clock.instant().plusSeconds(600)));
        String other = sign("t2", "video-2");
        tokens.record(new TokenRecord("t2", "video-2", "user-1", 5, clock.instant(), clock.instant().plusSeconds(600)));

        FcResponse r = call(handler, FcEventBuilder.get("/media/video-1/index.m3u8").query("MtsHlsUriToken", token));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals(PLAYLIST.replace("QUJD\"", "QUJD&MtsHlsUriToken=" + token + "\""), r.bodyText());
        assertEquals(404, call(handler, FcEventBuilder.get("/media/video-2/index.m3u8")
                .query("MtsHlsUriToken", other)).statusCode(), "the origin has no video-2");
    }

    private String sign(String tokenId, String videoId) {
        Clock clock = Clock.systemUTC();
        return new FunctionGraphs(Config.from(env), clock, new SecureRandom()).codec().sign(new TokenClaims(tokenId,
                "user-1", videoId, null, clock.instant().minusSeconds(1), clock.instant().plusSeconds(600), 5));
    }
}
