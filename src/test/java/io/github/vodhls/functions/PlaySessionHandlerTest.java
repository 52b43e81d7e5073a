package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.assertError;
import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sliding play sessions, refresh and cached refusals through the FC handlers: a token of 60 s (skew 30 s) in a
 * deployment whose sessions stay active 120 s after the last fetch, capped at 600 s from issue.
 */
class PlaySessionHandlerTest {
    private final TestDeployment d = new TestDeployment(Map.of("TOKEN_SESSION_IDLE_SECONDS", "120",
            "TOKEN_SESSION_MAX_SECONDS", "600", "REFUSAL_CACHE_CONTROL_MAX_AGE_SECONDS", "45"));
    private final String ciphertext = d.registerVideo("video-A");

    private JsonObject issue(int maxUses) {
        FcResponse r = d.token(FcEventBuilder.post("/token").bearer(d.apiKey).json(
                "{\"videoId\":\"video-A\",\"userId\":\"u\",\"ttlSeconds\":60,\"maxUses\":" + maxUses + "}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        return r.json();
    }

    private FcResponse fetch(String token) {
        return d.decrypt(keyRequest(ciphertext, token));
    }

    private FcResponse refresh(String token) {
        return d.token(FcEventBuilder.post("/refresh").bearer(d.apiKey).json("{\"token\":\"" + token + "\"}"));
    }

    @Test
    void aTokenInUse_outlivesItsExp_whileFetchesKeepComing_thenEndsWhenIdle() {
        String token = issue(50).get("token").getAsString();

        assertEquals(200, fetch(token).statusCode()); // t=0: the session's end moves to t=120
        d.clock.advance(Duration.ofSeconds(100)); // exp + skew = 90 lies behind
        assertEquals(200, fetch(token).statusCode(), "active: the end moves to t=220");
        d.clock.advance(Duration.ofSeconds(110));
        assertEquals(200, fetch(token).statusCode(), "t=210, still active: the end moves to t=330");
        d.clock.advance(Duration.ofSeconds(151)); // t=361: 331 (now - skew) is past 330

        FcResponse idle = fetch(token);
        assertError(idle, 403, "TOKEN_EXPIRED");
        assertEquals("token expired 301000 ms ago and its play session is not active; refresh it",
                idle.json().get("message").getAsString());
    }

    @Test
    void aTokenNeverUsedBeforeItsExp_cannotStartPastIt() {
        String token = issue(50).get("token").getAsString();
        d.clock.advance(Duration.ofSeconds(91));

        assertError(fetch(token), 403, "TOKEN_EXPIRED");
        FcResponse head = d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        assertEquals(403, head.statusCode());
    }

    @Test
    void theSession_endsAtItsCap_howeverOftenItIsUsed() {
        String token = issue(50).get("token").getAsString();
        for (int t = 0; t <= 600; t += 100) {
            assertEquals(200, fetch(token).statusCode(), "t=" + t);
            d.clock.advance(Duration.ofSeconds(100));
        }
        // t=700: 670 (now - skew) is past the cap, iat + 600
        FcResponse ended = fetch(token);
        assertError(ended, 403, "TOKEN_SESSION_ENDED");
        assertError(refresh(token), 403, "TOKEN_SESSION_ENDED");
    }

    @Test
    void aPlaylistLoad_slidesTheSessionToo() {
        d.origin.put("video-A/index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg_000.ts\n"
                + "#EXT-X-ENDLIST\n");
        String token = issue(50).get("token").getAsString();
        d.clock.advance(Duration.ofSeconds(50));
        FcResponse playlist = d.playlist(FcEventBuilder.get("/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", token));
        assertEquals(200, playlist.statusCode(), playlist.bodyText());
        d.clock.advance(Duration.ofSeconds(100)); // t=150: exp passed, the load moved the end to t=170

        assertEquals(200, fetch(token).statusCode());
    }

    @Test
    void refresh_givesTheSameSessionAFreshToken_thatSharesItsUseCount() {
        JsonObject first = issue(3);
        String token = first.get("token").getAsString();
        assertEquals(200, fetch(token).statusCode());
        d.clock.advance(Duration.ofSeconds(400)); // idle past its end (t=120)
        assertError(fetch(token), 403, "TOKEN_EXPIRED");

        FcResponse refreshed = refresh(token);

        assertEquals(200, refreshed.statusCode(), refreshed.bodyText());
        JsonObject fresh = refreshed.json();
        assertEquals(first.get("tokenId").getAsString(), fresh.get("tokenId").getAsString());
        assertNotEquals(token, fresh.get("token").getAsString());
        assertEquals(Instant.parse(first.get("expiresAt").getAsString()).plusSeconds(400).toString(),
                fresh.get("expiresAt").getAsString(), "one original lifetime (60 s) from now");
        assertEquals(3, fresh.get("maxUses").getAsInt());
        String freshToken = fresh.get("token").getAsString();
        assertEquals(200, fetch(freshToken).statusCode());
        assertEquals(200, fetch(token).statusCode(), "the old token's session is active again too");
        assertError(fetch(freshToken), 403, "TOKEN_USES_EXHAUSTED");
        assertError(refresh(freshToken), 403, "TOKEN_USES_EXHAUSTED");
    }

    @Test
    void refresh_isCappedAtTheSessionsEnd_andRefusesRevokedAndForeignTokens() {
        JsonObject first = issue(50);
        String token = first.get("token").getAsString();
        String neverPlayed = issue(50).get("token").getAsString();
        assertEquals(200, fetch(token).statusCode()); // the session begins: its end moves past exp
        d.clock.advance(Duration.ofSeconds(570));
        assertError(refresh(neverPlayed), 403, "TOKEN_EXPIRED"); // no second life for a token never played
        FcResponse late = refresh(token);
        assertEquals(200, late.statusCode(), late.bodyText());
        assertEquals(Instant.parse(first.get("expiresAt").getAsString()).minusSeconds(60).plusSeconds(600).toString(),
                late.json().get("expiresAt").getAsString(), "never past the cap, iat + 600");

        assertEquals(200, d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + late.json().get("tokenId").getAsString() + "\"}")).statusCode());
        assertError(refresh(token), 403, "TOKEN_REVOKED");
        assertError(fetch(late.json().get("token").getAsString()), 403, "TOKEN_REVOKED");

        assertError(d.token(FcEventBuilder.post("/refresh").bearer(d.apiKey).json("{}")), 400, "MISSING_PARAMETER");
        assertError(refresh("not-a-token"), 403, "TOKEN_MALFORMED");
        assertError(d.token(FcEventBuilder.post("/refresh").json("{\"token\":\"" + token + "\"}")), 401,
                "API_KEY_MISSING");
    }

    @Test
    void refusals_ofKeyGets_mayBeReusedByTheBrowser_butNotFailuresOrSuccesses() {
        String token = issue(1).get("token").getAsString();
        FcResponse key = fetch(token);
        assertEquals("private, max-age=120", key.header("Cache-Control"));

        FcResponse spent = fetch(token);
        assertError(spent, 403, "TOKEN_USES_EXHAUSTED");
        assertEquals("private, max-age=45", spent.header("Cache-Control"));
        FcResponse forged = fetch(token.substring(0, token.length() - 4) + "AAAA");
        assertEquals(403, forged.statusCode());
        assertEquals("private, max-age=45", forged.header("Cache-Control"));
        FcResponse head = d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        assertEquals("no-store", head.header("Cache-Control"), "only GETs");

        String otherVideo = d.registerVideo("video-C"); // its key is not in the decrypt function's cache yet
        String another = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-C\",\"userId\":\"u\"}")).json().get("token").getAsString();
        d.kms.failWith(new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "KMS is down"));
        FcResponse down = d.decrypt(keyRequest(otherVideo, another));
        assertError(down, 503, "KMS_UNAVAILABLE");
        assertEquals("no-store", down.header("Cache-Control"), "a retry may work: never cached");

        String fresh = issue(5).get("token").getAsString();
        d.clock.advance(Duration.ofSeconds(-120)); // as if this instance's clock were behind the issuer's
        FcResponse early = fetch(fresh);
        assertError(early, 403, "TOKEN_NOT_YET_VALID");
        assertEquals("no-store", early.header("Cache-Control"), "the same URL works seconds later");
    }

    @Test
    void withSessionsOff_aTokenEndsAtItsExp() {
        TestDeployment off = new TestDeployment(Map.of("TOKEN_SESSION_IDLE_SECONDS", "0"));
        String video = off.registerVideo("video-B");
        String token = off.token(FcEventBuilder.post("/token").bearer(off.apiKey).json(
                "{\"videoId\":\"video-B\",\"userId\":\"u\",\"ttlSeconds\":60}")).json().get("token").getAsString();
        assertEquals(200, off.decrypt(keyRequest(video, token)).statusCode());
        off.clock.advance(Duration.ofSeconds(91));

        FcResponse r = off.decrypt(keyRequest(video, token));
        assertError(r, 403, "TOKEN_EXPIRED");
        assertEquals("token expired 31000 ms ago, allowed skew 30 s", r.json().get("message").getAsString());
    }
}
