package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.assertError;
import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.core.token.LoginVerifier;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Viewers calling the token function with their app's login token; entitlements; token bindings. */
class ViewerTokenHandlerTest {
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15";
    private static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0";

    /** Login tokens in tests are "login.<user>.sig"; "login.expired.sig" is refused as expired. */
    private static final LoginVerifier LOGINS = token -> {
        String user = token.split("\\.")[1];
        if (user.equals("expired")) {
            throw new io.github.vodhls.core.error.CallerRejectedException(ErrorCode.LOGIN_TOKEN_EXPIRED, "login token expired 5 ms ago");
        }
        return user;
    };

    private static TestDeployment deployment(Map<String, String> env, Entitlements entitlements) {
        return new TestDeployment(env, (config, clock) -> LOGINS, entitlements);
    }

    private static FcEventBuilder viewerToken(String login, String json) {
        return FcEventBuilder.post("/token").header("Authorization", "Bearer " + login).json(json);
    }

    @Test
    void viewer_withLoginToken_getsATokenForThemselves_thatUnlocksTheKey() {
        TestDeployment d = deployment(Map.of(), new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        FcResponse r = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals("alice", r.json().get("userId").getAsString());
        FcResponse key = d.decrypt(keyRequest(ciphertext, r.json().get("token").getAsString()));
        assertEquals(200, key.statusCode(), key.bodyText());
        assertArrayEquals(d.kms.decrypt(ciphertext), key.body());
    }

    @Test
    void viewer_askingForAnotherUsersToken_isForbidden() {
        TestDeployment d = deployment(Map.of(), new AllowAllEntitlements());
        FcResponse r = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"v\",\"userId\":\"bob\"}"));
        assertError(r, 403, "VIEWER_USER_MISMATCH");
        FcResponse same = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"v\",\"userId\":\"alice\"}"));
        assertEquals(200, same.statusCode(), same.bodyText());
    }

    @Test
    void viewer_refreshesTheirOwnToken_butNotAnotherViewers_withoutANewEntitlementDecision() {
        java.util.concurrent.atomic.AtomicInteger decisions = new java.util.concurrent.atomic.AtomicInteger();
        TestDeployment d = deployment(Map.of(), (user, video) -> decisions.incrementAndGet() > 0);
        String token = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")).json().get("token")
                .getAsString();
        FcEventBuilder refresh = FcEventBuilder.post("/refresh").json("{\"token\":\"" + token + "\"}");

        FcResponse own = d.token(refresh.header("Authorization", "Bearer login.alice.sig"));
        FcResponse foreign = d.token(FcEventBuilder.post("/refresh").header("Authorization", "Bearer login.bob.sig")
                .json("{\"token\":\"" + token + "\"}"));

        assertEquals(200, own.statusCode(), own.bodyText());
        assertEquals("alice", own.json().get("userId").getAsString());
        assertError(foreign, 403, "VIEWER_USER_MISMATCH");
        assertEquals(1, decisions.get(), "a refresh asks no entitlement decision");
    }

    @Test
    void aTokenKeptAliveByPlaying_holdsItsScreen_pastItsExp_untilItsSessionGoesIdle() {
        TestDeployment d = deployment(Map.of("VIEWER_MAX_ACTIVE_TOKENS", "1", "TOKEN_SESSION_IDLE_SECONDS", "120"),
                new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        FcResponse first = d.token(viewerToken("login.alice.sig",
                "{\"videoId\":\"video-A\",\"device\":\"tv\",\"ttlSeconds\":5}"));
        assertEquals(200, first.statusCode(), first.bodyText());
        String playing = first.json().get("token").getAsString();
        for (int t = 0; t < 300; t += 60) { // plays on, long past its 5 s exp
            assertEquals(200, d.decrypt(keyRequest(ciphertext, playing)).statusCode(), "t=" + t);
            d.clock.advance(java.time.Duration.ofSeconds(60));
        }

        FcResponse second = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-B\",\"device\":\"phone\"}"));
        assertError(second, 429, "TOO_MANY_STREAMS");

        d.clock.advance(java.time.Duration.ofSeconds(200)); // stopped playing: its session went idle
        FcResponse third = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-B\",\"device\":\"phone\"}"));
        assertEquals(200, third.statusCode(), third.bodyText());
    }

    @Test
    void viewer_onAdminRoutes_isForbidden() {
        TestDeployment d = deployment(Map.of(), new AllowAllEntitlements());
        assertError(d.token(FcEventBuilder.post("/keys").header("Authorization", "Bearer login.alice.sig")
                .json("{\"videoId\":\"v\"}")), 403, "VIEWER_ROUTE_FORBIDDEN");
        assertError(d.token(FcEventBuilder.post("/revoke").header("Authorization", "Bearer login.alice.sig")
                .json("{\"videoId\":\"v\"}")), 403, "VIEWER_ROUTE_FORBIDDEN");
    }

    @Test
    void viewer_requestsAboveTheViewerCaps_areCapped() {
        TestDeployment d = deployment(Map.of("VIEWER_MAX_TTL_SECONDS", "600", "VIEWER_MAX_USES", "5"),
                new AllowAllEntitlements());
        FcResponse r = d.token(viewerToken("login.alice.sig",
                "{\"videoId\":\"v\",\"ttlSeconds\":86400,\"maxUses\":500}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals(5, r.json().get("maxUses").getAsInt());
        assertEquals(d.clock.instant().plusSeconds(600).toString(), r.json().get("expiresAt").getAsString());
        FcResponse defaults = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"v\"}"));
        assertEquals(5, defaults.json().get("maxUses").getAsInt(), "policy default 20 is capped too");
        FcResponse backend = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"alice\",\"maxUses\":500}"));
        assertEquals(500, backend.json().get("maxUses").getAsInt(), "the backend is not capped by viewer limits");
    }

    @Test
    void viewer_withRefusedLoginToken_isUnauthorizedWithTheLoginCode() {
        TestDeployment d = deployment(Map.of(), new AllowAllEntitlements());
        assertError(d.token(viewerToken("login.expired.sig", "{\"videoId\":\"v\"}")), 401, "LOGIN_TOKEN_EXPIRED");
        assertError(d.token(viewerToken("not-a-jwt", "{\"videoId\":\"v\"}")), 401, "API_KEY_INVALID");
    }

    @Test
    void loginTokens_whenNoLoginIsConfigured_areJustWrongApiKeys() {
        TestDeployment d = new TestDeployment();
        assertError(d.token(viewerToken("login.alice.sig", "{\"videoId\":\"v\"}")), 401, "API_KEY_INVALID");
    }

    @Test
    void entitlement_whenDenied_isForbidden_forViewersAndBackendAlike() {
        AtomicInteger asked = new AtomicInteger();
        Entitlements onlyVideoA = (user, video) -> {
            asked.incrementAndGet();
            return video.equals("video-A");
        };
        TestDeployment d = deployment(Map.of(), onlyVideoA);
        assertEquals(200, d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")).statusCode());
        FcResponse viewer = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-B\"}"));
        assertError(viewer, 403, "ENTITLEMENT_DENIED");
        FcResponse backend = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-B\",\"userId\":\"alice\"}"));
        assertError(backend, 403, "ENTITLEMENT_DENIED");
        d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-B\"}"));
        assertEquals(2, asked.get(), "answers are cached per instance (yes for 60 s, no for 10 s)");
    }

    @Test
    void entitlement_whenBackendDown_failsClosedWith503() {
        Entitlements down = (user, video) -> {
            throw new DependencyUnavailableException(ErrorCode.ENTITLEMENT_UNAVAILABLE,
                    "entitlement webhook at 127.0.0.1:9 timed out after 300 ms (1 attempt)");
        };
        TestDeployment d = deployment(Map.of(), down);
        FcResponse r = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"v\"}"));
        assertError(r, 503, "ENTITLEMENT_UNAVAILABLE");
        assertEquals("1", r.header("Retry-After"));
    }

    @Test
    void ipBinding_whenOn_keyIsServedOnlyToTheIssuingIp() {
        TestDeployment d = deployment(Map.of("BIND_CLIENT_IP", "true"), new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        String token = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")
                .sourceIp("198.51.100.7")).json().get("token").getAsString();

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).sourceIp("198.51.100.7")).statusCode());
        FcResponse elsewhere = d.decrypt(keyRequest(ciphertext, token).sourceIp("203.0.113.9"));
        assertError(elsewhere, 403, "TOKEN_BINDING_MISMATCH");
        assertEquals("the token is bound to another client IP", elsewhere.json().get("message").getAsString());
    }

    @Test
    void ipBinding_behindACdn_readsTheConfiguredHeader_andTheBackendMustNameTheViewersIp() {
        Map<String, String> env = new HashMap<>();
        env.put("BIND_CLIENT_IP", "true");
        env.put("CLIENT_IP_HEADER", "Ali-Cdn-Real-Ip");
        TestDeployment d = deployment(env, new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");

        assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"alice\"}")), 400, "MISSING_PARAMETER");
        assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"alice\",\"clientIp\":\"cdn.example.com\"}")), 400,
                "INVALID_PARAMETER");
        String token = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"alice\",\"clientIp\":\"2001:db8::1\"}")).json()
                .get("token").getAsString();

        // The CDN edge is the TCP peer; the header carries the viewer.
        FcResponse ok = d.decrypt(keyRequest(ciphertext, token).sourceIp("100.64.0.1")
                .header("Ali-Cdn-Real-Ip", "2001:0db8:0:0:0:0:0:1"));
        assertEquals(200, ok.statusCode(), ok.bodyText());
        assertError(d.decrypt(keyRequest(ciphertext, token).sourceIp("2001:db8::1")), 403,
                "TOKEN_BINDING_MISMATCH");
    }

    @Test
    void deviceBinding_whenOn_refusesAnotherDeviceType() {
        TestDeployment d = deployment(Map.of("BIND_DEVICE_TYPE", "true"), new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        String token = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")
                .header("User-Agent", IPHONE)).json().get("token").getAsString();

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).header("User-Agent", IPHONE)).statusCode());
        assertError(d.decrypt(keyRequest(ciphertext, token).header("User-Agent", ANDROID)), 403,
                "TOKEN_BINDING_MISMATCH");
    }

    @Test
    void bindings_whenOff_tokensWorkFromAnywhere() {
        TestDeployment d = deployment(Map.of(), new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        String token = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")
                .sourceIp("198.51.100.7").header("User-Agent", IPHONE)).json().get("token").getAsString();
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).sourceIp("203.0.113.9")
                .header("User-Agent", ANDROID)).statusCode());
    }

    @Test
    void ipBinding_withAnAppendingHeader_usesTheEntryTheProxyAdded_notTheClientsClaim() {
        Map<String, String> env = new HashMap<>();
        env.put("BIND_CLIENT_IP", "true");
        env.put("CLIENT_IP_HEADER", "X-Forwarded-For");
        TestDeployment d = deployment(env, new AllowAllEntitlements());
        String ciphertext = d.registerVideo("video-A");
        String token = d.token(viewerToken("login.alice.sig", "{\"videoId\":\"video-A\"}")
                .header("X-Forwarded-For", "198.51.100.7")).json().get("token").getAsString();

        FcResponse spoofed = d.decrypt(keyRequest(ciphertext, token)
                .header("X-Forwarded-For", "198.51.100.7, 203.0.113.66"));
        assertError(spoofed, 403, "TOKEN_BINDING_MISMATCH");
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)
                .header("X-Forwarded-For", "10.0.0.1, 198.51.100.7")).statusCode());
    }

    @Test
    void backendClientIp_outOfRangeOctets_isRefusedWithoutAnyLookup() {
        TestDeployment d = deployment(Map.of("BIND_CLIENT_IP", "true"), new AllowAllEntitlements());
        assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"alice\",\"clientIp\":\"999.1.1.1\"}")), 400,
                "INVALID_PARAMETER");
    }
}
