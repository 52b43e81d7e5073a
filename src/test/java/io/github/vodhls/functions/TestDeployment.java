package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The token, decrypt, playlist and upload-callback functions of one deployment, wired like FC wires them but with
 * in-memory backends, a {@link FakeKms}, a map as the playlist origin, a transcoder that records its jobs and a
 * {@link MutableClock}; driven only through FC 3.0 event JSON. Records every response and log line so tests can check
 * that nothing secret leaves.
 */
final class TestDeployment {
    static final String DECRYPT_BASE_URL = "https://key.example.com/decrypt";
    static final String ALLOWED_ORIGIN = "https://player.example.com";
    /** The callback URL and key the sample events under events/ are signed for. */
    static final String CALLBACK_URL = "https://callback.example.com/vod";
    static final String CALLBACK_PRIVATE_KEY = "fake-callback-primary-key-0000";

    final MutableClock clock = MutableClock.atDefaultStart();
    final FakeKms kms = new FakeKms();
    final String apiKey = TestKeys.randomBase64(24);
    final TestContext context = new TestContext();
    final TokenHandler tokenHandler;
    final DecryptHandler decryptHandler;
    final PlaylistHandler playlistHandler;
    /** TOKEN_SIGNING_KEYS of this deployment (to build another deployment sharing the keys but not the store). */
    final String signingKeys;
    /** The playlist function's origin: put playlists here as {@code videoId/file}. */
    final Map<String, String> origin = new java.util.concurrent.ConcurrentHashMap<>();
    /** When set, every origin read throws it. */
    volatile RuntimeException originFailure;
    /** How many times the playlist function read its origin. */
    final java.util.concurrent.atomic.AtomicInteger originReads = new java.util.concurrent.atomic.AtomicInteger();
    final UploadCallbackHandler uploadCallbackHandler;
    /** {@code videoId decryptKeyUri} of every transcoding job submitted. */
    final List<String> transcodeJobs = new CopyOnWriteArrayList<>();
    /** The video table (in memory), told to fail when a test needs it. */
    final io.github.vodhls.testing.FlakyVideoKeyRegistry videos = new io.github.vodhls.testing.FlakyVideoKeyRegistry(
            new InMemoryVideoKeyRegistry());
    private final List<String> outputs = new ArrayList<>();
    /** VOD's {@code GetPlayInfo} for the token function: the HLS streams per video; absent: VIDEO_NOT_FOUND. */
    final Map<String, List<io.github.vodhls.core.video.PlayStream>> playStreams =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** How many times the token function asked for play info. */
    final java.util.concurrent.atomic.AtomicInteger playInfoCalls = new java.util.concurrent.atomic.AtomicInteger();

    TestDeployment() {
        this(Map.of());
    }

    TestDeployment(Map<String, String> overrides) {
        this(overrides, (config, clock) -> null, new io.github.vodhls.core.entitlement.AllowAllEntitlements());
    }

    /** A deployment whose viewers log in through {@code logins} and whose entitlement rule is {@code entitlements}. */
    TestDeployment(Map<String, String> overrides, io.github.vodhls.wiring.LoginVerifiers logins,
            io.github.vodhls.core.entitlement.Entitlements entitlements) {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS", TestKeys.hs256Entry("k1"));
        env.putAll(overrides);
        signingKeys = env.get("TOKEN_SIGNING_KEYS");
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey));
        env.put("DECRYPT_BASE_URL", DECRYPT_BASE_URL);
        env.put("KEY_CACHE_CONTROL_MAX_AGE_SECONDS", "120");
        env.put("CORS_ALLOWED_ORIGINS", ALLOWED_ORIGIN);
        env.put("PLAY_URL_TEMPLATE", "https://media.example.com/media/{videoId}/index.m3u8");
        env.put("VOD_CALLBACK_URL", CALLBACK_URL);
        env.put("VOD_CALLBACK_PRIVATE_KEY", CALLBACK_PRIVATE_KEY);
        env.putAll(overrides);
        env.putIfAbsent("SEGMENT_BASE_URL", "https://media.example.com/media");
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        Backends backends = new Backends(kms, tokens, videos, entitlements,
                ctx -> { }, () -> { });
        FunctionGraphs endpoints = new FunctionGraphs(Config.from(env), clock, new SecureRandom(), logins);
        tokenHandler = new TokenHandler(endpoints.token(backends.withPlayInfo(videoId -> {
            playInfoCalls.incrementAndGet();
            List<io.github.vodhls.core.video.PlayStream> streams = playStreams.get(videoId);
            if (streams == null) {
                throw new io.github.vodhls.core.error.NotFoundException(
                        io.github.vodhls.core.error.ErrorCode.VIDEO_NOT_FOUND, "VOD knows no such video");
            }
            return streams;
        })));
        decryptHandler = new DecryptHandler(endpoints.decrypt(backends));
        playlistHandler = new PlaylistHandler(endpoints.playlist(tokens,
                path -> {
                    originReads.incrementAndGet();
                    if (originFailure != null) {
                        throw originFailure;
                    }
                    return java.util.Optional.ofNullable(origin.get(path.relative()));
                }, ctx -> { }, () -> { }));
        uploadCallbackHandler = new UploadCallbackHandler(endpoints.uploadCallback(backends.withUploadCallback(
                new io.github.vodhls.core.video.Transcoder() {
                    @Override
                    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
                        transcodeJobs.add(videoId + " " + decryptKeyUri);
                        return "job-" + transcodeJobs.size();
                    }

                    @Override
                    public java.util.Optional<String> findSubmitted(String videoId) {
                        return transcodeJobs.stream().filter(job -> job.startsWith(videoId + " ")).findFirst();
                    }
                }, videoId -> io.github.vodhls.core.video.UploadStatus.of(
                        io.github.vodhls.core.video.UploadStatus.State.COMPLETE, "Mezzanine.Status=Normal"),
                new io.github.vodhls.adapters.memory.InMemoryCallbackDeliveries())));
    }

    FcResponse call(io.github.vodhls.functions.FcHttpFunction handler, FcEventBuilder event) {
        return call(handler, event.build());
    }

    /** Runs the handler on an FC 3.0 event given as JSON text (e.g. a file under events/). */
    FcResponse call(io.github.vodhls.functions.FcHttpFunction handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FcResponse response = FcResponse.parse(out.toByteArray());
        outputs.add(response.raw());
        return response;
    }

    FcResponse token(FcEventBuilder event) {
        return call(tokenHandler, event);
    }

    FcResponse decrypt(FcEventBuilder event) {
        return call(decryptHandler, event);
    }

    FcResponse playlist(FcEventBuilder event) {
        return call(playlistHandler, event);
    }

    /** POST /keys: the video's ciphertext. */
    String registerVideo(String videoId) {
        FcResponse r = token(FcEventBuilder.post("/keys").bearer(apiKey).json("{\"videoId\":\"" + videoId + "\"}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        return r.json().get("ciphertext").getAsString();
    }

    /** POST /keys that may fail (e.g. while KMS is down): the ciphertext, or a placeholder when none was made. */
    String registerVideoOrNull(String videoId) {
        FcResponse r = token(FcEventBuilder.post("/keys").bearer(apiKey).json("{\"videoId\":\"" + videoId + "\"}"));
        return r.statusCode() == 200 ? r.json().get("ciphertext").getAsString() : "QUJDRA==";
    }

    /** POST /token: the whole JSON answer. */
    JsonObject issue(String videoId, Integer maxUses) {
        String uses = maxUses == null ? "" : ",\"maxUses\":" + maxUses;
        FcResponse r = token(FcEventBuilder.post("/token").bearer(apiKey)
                .json("{\"videoId\":\"" + videoId + "\",\"userId\":\"user-1\"" + uses + "}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        return r.json();
    }

    String issueToken(String videoId, Integer maxUses) {
        return issue(videoId, maxUses).get("token").getAsString();
    }

    static FcEventBuilder keyRequest(String ciphertext, String token) {
        return FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext).query("MtsHlsUriToken", token);
    }

    /** Asserts an error answer: status, code, body exactly {code, message}, no stack trace. */
    static void assertError(FcResponse r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyText());
        assertFalse(r.isBase64Encoded());
        JsonObject body = r.json();
        assertEquals(Set.of("code", "message"), body.keySet(), r.bodyText());
        assertEquals(code, body.get("code").getAsString());
        assertFalse(r.raw().contains("Exception"), r.raw());
        assertFalse(r.raw().contains("\tat "), r.raw());
        assertFalse(r.raw().contains("io.github.vodhls"), r.raw());
    }

    /** Asserts that the string appears in no response written so far and in no log line. */
    void assertNeverOutput(String secret) {
        for (String output : outputs) {
            assertFalse(output.contains(secret), "a response contains secret material: " + output);
        }
        assertFalse(context.logText().contains(secret), "the log contains secret material: " + context.logText());
    }

    List<String> outputs() {
        return List.copyOf(outputs);
    }
}
