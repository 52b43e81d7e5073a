package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.assertError;
import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.token.LoginVerifier;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 §3: one login token minted 2,083 tokens in 2 s, each a store row and an entitlement-webhook call. Viewers
 * are now held to VIEWER_TOKENS_PER_MINUTE and VIEWER_MAX_ACTIVE_TOKENS, checked before the webhook and the store.
 */
class ViewerStreamLimitsTest {

    /** Login tokens in tests are "login.<user>.sig". */
    private static final LoginVerifier LOGINS = token -> token.split("\\.")[1];

    /** How often the entitlement rule was asked (answers are not cached in these deployments). */
    private final AtomicInteger webhookCalls = new AtomicInteger();
    private final Entitlements countingAllowAll = (user, video) -> {
        webhookCalls.incrementAndGet();
        return true;
    };

    private TestDeployment deployment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(overrides);
        env.put("ENTITLEMENT_CACHE_ALLOW_SECONDS", "0");
        return new TestDeployment(env, (config, clock) -> LOGINS, countingAllowAll);
    }

    private static FcResponse mint(TestDeployment d, String user, String json) {
        return d.token(FcEventBuilder.post("/token").header("Authorization", "Bearer login." + user + ".sig")
                .json(json));
    }

    private static FcResponse mintFor(TestDeployment d, String user, String videoId) {
        return mint(d, user, "{\"videoId\":\"" + videoId + "\"}");
    }

    private static String tokenOf(FcResponse r) {
        assertEquals(200, r.statusCode(), r.bodyText());
        return r.json().get("token").getAsString();
    }

    @Test
    void viewerMinting100TokensQuickly_getsThe30thAndNotThe31st_withRetryAfterUntilTheWindowFrees() {
        TestDeployment d = deployment(Map.of());
        int granted = 0;
        List<FcResponse> refused = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            FcResponse r = mintFor(d, "alice", "video-A");
            if (r.statusCode() == 200) {
                granted++;
            } else {
                refused.add(r);
            }
            d.clock.advanceMillis(20);
        }
        assertEquals(30, granted, "VIEWER_TOKENS_PER_MINUTE defaults to 30");
        assertEquals(70, refused.size());
        FcResponse first = refused.get(0);
        assertError(first, 429, "RATE_LIMITED");
        // The 31st came 600 ms after the first: the first leaves the 60 s window 59.4 s later.
        assertEquals("60", first.header("Retry-After"));
        assertEquals("viewer alice requested 30 tokens in the last 60 s (limit 30); retry in 60 s",
                first.json().get("message").getAsString());
        assertEquals(30, webhookCalls.get(), "a refused request never reaches the entitlement webhook");

        d.clock.advance(Duration.ofSeconds(57));
        assertEquals("1", mintFor(d, "alice", "video-A").header("Retry-After"));
        d.clock.advance(Duration.ofSeconds(1));
        assertEquals(200, mintFor(d, "alice", "video-A").statusCode(), "the window has moved on");
        assertEquals(200, mintFor(d, "bob", "video-A").statusCode(), "limits are per viewer");
    }

    @Test
    void sixthConcurrentStream_isTooManyStreams_untilOneEndsOrIsRevoked() {
        TestDeployment d = deployment(Map.of());
        List<String> tokenIds = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            FcResponse r = mintFor(d, "alice", "video-" + i);
            tokenOf(r);
            tokenIds.add(r.json().get("tokenId").getAsString());
            d.clock.advance(Duration.ofSeconds(1));
        }
        int asked = webhookCalls.get();
        FcResponse sixth = mintFor(d, "alice", "video-6");
        assertError(sixth, 429, "TOO_MANY_STREAMS");
        // The first token (issued 5 s ago) is the next to end at the latest: its play session's cap, 6 h from issue.
        assertEquals("21595", sixth.header("Retry-After"));
        assertEquals("viewer alice already has 5 live tokens (limit 5); retry in 21595 s, when one ends at the "
                + "latest (its play session's cap), or sooner once one stops playing",
                sixth.json().get("message").getAsString());
        assertEquals(asked, webhookCalls.get(), "no webhook call for a refused request");
        assertEquals(200, mintFor(d, "bob", "video-6").statusCode(), "limits are per viewer");

        FcResponse revoked = d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + tokenIds.get(2) + "\"}"));
        assertEquals(200, revoked.statusCode(), revoked.bodyText());
        assertEquals(200, mintFor(d, "alice", "video-6").statusCode(), "a revoked token is no stream");
        assertError(mintFor(d, "alice", "video-7"), 429, "TOO_MANY_STREAMS");

        d.clock.advance(Duration.ofSeconds(3596 + 30)); // past exp and the clock skew the decrypt function allows
        assertEquals(200, mintFor(d, "alice", "video-7").statusCode(), "an expired, never played token is no stream");
    }

    @Test
    void replaceOldestPolicy_revokesTheOldestStream_whoseKeyFetchThenFailsTokenRevoked() {
        TestDeployment d = deployment(Map.of("VIEWER_STREAM_LIMIT_POLICY", "replace-oldest"));
        String ciphertext = d.registerVideo("video-1");
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            tokens.add(tokenOf(mintFor(d, "alice", "video-" + i)));
            d.clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(200, d.decrypt(keyRequest(ciphertext, tokens.get(0))).statusCode(), "plays before");

        tokenOf(mintFor(d, "alice", "video-6"));

        assertError(d.decrypt(keyRequest(ciphertext, tokens.get(0))), 403, "TOKEN_REVOKED");
        String second = tokenOf(mintFor(d, "alice", "video-1"));
        assertEquals(200, d.decrypt(keyRequest(ciphertext, second)).statusCode(), "the new stream plays");
    }

    @Test
    void repeatRequestForTheSameVideoAndDevice_replacesItsSlot_revokingTheTokenItReplaces() {
        TestDeployment d = deployment(Map.of("VIEWER_MAX_ACTIVE_TOKENS", "2"));
        String ciphertext = d.registerVideo("video-A");
        String tv = tokenOf(mint(d, "alice", "{\"videoId\":\"video-A\",\"device\":\"tv\"}"));
        String phone = tokenOf(mint(d, "alice", "{\"videoId\":\"video-A\",\"device\":\"phone\"}"));
        String reloaded = tokenOf(mint(d, "alice", "{\"videoId\":\"video-A\",\"device\":\"tv\"}"));

        assertError(d.decrypt(keyRequest(ciphertext, tv)), 403, "TOKEN_REVOKED");
        assertEquals(200, d.decrypt(keyRequest(ciphertext, phone)).statusCode());
        assertEquals(200, d.decrypt(keyRequest(ciphertext, reloaded)).statusCode());
        assertError(mint(d, "alice", "{\"videoId\":\"video-A\",\"device\":\"laptop\"}"), 429, "TOO_MANY_STREAMS");
    }

    @Test
    void theNextVideoOnTheSameDevice_replacesThatDevicesToken_soASixthEpisodeStillPlays() {
        TestDeployment d = deployment(Map.of());
        String ciphertext = d.registerVideo("episode-1");
        String first = tokenOf(mint(d, "alice", "{\"videoId\":\"episode-1\",\"device\":\"tv\"}"));
        for (int episode = 2; episode <= 8; episode++) {
            tokenOf(mint(d, "alice", "{\"videoId\":\"episode-" + episode + "\",\"device\":\"tv\"}"));
        }
        assertError(d.decrypt(keyRequest(ciphertext, first)), 403, "TOKEN_REVOKED");
        for (int i = 1; i <= 4; i++) {
            tokenOf(mintFor(d, "alice", "video-" + i));
        }
        assertError(mintFor(d, "alice", "video-5"), 429, "TOO_MANY_STREAMS");
    }

    @Test
    void viewerSendingLimitOverrides_isRefused_withoutAToken() {
        TestDeployment d = deployment(Map.of());
        FcResponse r = mint(d, "alice", "{\"videoId\":\"video-A\",\"viewerLimits\":{\"tokensPerMinute\":1000}}");
        assertError(r, 400, "VIEWER_LIMITS_NOT_ALLOWED");
        assertEquals(0, webhookCalls.get());
    }

    @Test
    void backend_isNotLimitedByDefault() {
        TestDeployment d = deployment(Map.of());
        for (int i = 0; i < 40; i++) {
            FcResponse r = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                    .json("{\"videoId\":\"video-" + i + "\",\"userId\":\"alice\"}"));
            assertEquals(200, r.statusCode(), r.bodyText());
        }
        assertEquals(200, mintFor(d, "alice", "video-A").statusCode(),
                "the backend's unlimited tokens do not count against the viewer's own");
    }

    @Test
    void backend_withViewerLimits_limitsTheUserItNames_andAbsentFieldsTakeTheDeploymentsValues() {
        TestDeployment d = deployment(Map.of("VIEWER_TOKENS_PER_MINUTE", "3"));
        String limited = ",\"userId\":\"alice\",\"viewerLimits\":{\"maxActiveTokens\":1}}";
        assertEquals(200, d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-1\"" + limited)).statusCode());
        assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-2\"" + limited)), 429, "TOO_MANY_STREAMS");
        String replacing = ",\"userId\":\"alice\",\"viewerLimits\":{\"maxActiveTokens\":1,\"policy\":"
                + "\"replace-oldest\"}}";
        for (String video : new String[] {"video-2", "video-3"}) {
            assertEquals(200, d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                    .json("{\"videoId\":\"" + video + "\"" + replacing)).statusCode());
        }
        FcResponse rate = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-4\"" + replacing));
        assertError(rate, 429, "RATE_LIMITED");
        assertEquals("viewer alice requested 3 tokens in the last 60 s (limit 3); retry in 60 s",
                rate.json().get("message").getAsString());
    }

    @Test
    void backend_withInvalidViewerLimits_isBadRequest() {
        TestDeployment d = deployment(Map.of());
        for (String limits : new String[] {"{\"maxActiveTokens\":0}", "{\"tokensPerMinute\":1001}",
                "{\"policy\":\"kick-all\"}", "{\"maxActiveToken\":2}", "5", "{\"maxActiveTokens\":\"2\"}"}) {
            FcResponse r = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                    .json("{\"videoId\":\"v\",\"userId\":\"alice\",\"viewerLimits\":" + limits + "}"));
            assertError(r, 400, "INVALID_PARAMETER");
        }
        assertEquals(0, webhookCalls.get());
    }

    @Test
    void deniedEntitlements_countTowardsTheRate_soTheWebhookIsNotAskedWithoutBound() {
        AtomicInteger asked = new AtomicInteger();
        Entitlements nothing = (user, video) -> {
            asked.incrementAndGet();
            return false;
        };
        TestDeployment d = new TestDeployment(Map.of("VIEWER_TOKENS_PER_MINUTE", "5",
                "ENTITLEMENT_CACHE_DENY_SECONDS", "0"), (config, clock) -> LOGINS, nothing);
        for (int i = 0; i < 5; i++) {
            assertError(mintFor(d, "mallory", "video-" + i), 403, "ENTITLEMENT_DENIED");
        }
        FcResponse sixth = mintFor(d, "mallory", "video-5");
        assertError(sixth, 429, "RATE_LIMITED");
        assertEquals(5, asked.get());
    }

    @Test
    void successfulAnswers_carryNoRetryAfter() {
        TestDeployment d = deployment(Map.of());
        assertNull(mintFor(d, "alice", "video-A").header("Retry-After"));
    }
}
