package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calls each request makes to the store, KMS and VOD, as its log line counts them (issue 15 §1): a warm key fetch
 * and a warm playlist load cost one store round trip (two calls at once: the video's revocation beside the use or the
 * session) and no KMS call.
 */
class RemoteCallCountsTest {
    private final TestDeployment d = new TestDeployment();

    private JsonObject lastLine() {
        List<JsonObject> lines = d.context.requestLogLines();
        return lines.get(lines.size() - 1);
    }

    private static void assertCalls(JsonObject line, int store, int storeRoundTrips, int kms, int vod) {
        String counts = "store " + store + " in " + storeRoundTrips + " round trips, kms " + kms + ", vod " + vod
                + ": " + line;
        assertEquals(store, line.get("storeCalls").getAsInt(), counts);
        assertEquals(storeRoundTrips, line.get("storeRoundTrips").getAsInt(), counts);
        assertEquals(kms, line.get("kmsCalls").getAsInt(), counts);
        assertEquals(vod, line.get("vodCalls").getAsInt(), counts);
    }

    @Test
    void keyFetch_warm_costsOneStoreRoundTrip_andNoKmsCall() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
        // first fetch on this instance: the registration (then cached), KMS Decrypt (then cached), the use, and the
        // revocation read beside them
        assertCalls(lastLine(), 3, 2, 1, 0);

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
        assertCalls(lastLine(), 2, 1, 0, 0);
    }

    @Test
    void keyFetch_head_readsTheTokenAndTheRevocationAtOnce() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);
        d.decrypt(keyRequest(ciphertext, token));

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).method("HEAD")).statusCode());
        assertCalls(lastLine(), 2, 1, 0, 0);
    }

    @Test
    void keyFetch_ofARevokedVideo_releasesNoKey_fromTheNextRequestOn() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());

        d.clock.advanceMillis(1_000);
        assertEquals(200, d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\"}")).statusCode());

        FcResponse refused = d.decrypt(keyRequest(ciphertext, token));
        assertEquals(403, refused.statusCode());
        assertEquals("TOKEN_REVOKED", lastLine().get("code").getAsString());
        assertFalse(refused.headers().getOrDefault("Content-Type", "").contains("octet-stream"),
                "a JSON error, no key: " + refused.headers());
        assertCalls(lastLine(), 2, 1, 0, 0);
    }

    @Test
    void playlistLoad_warm_costsOneStoreRoundTrip_andOneOriginRead() {
        String token = d.issueToken("video-A", 5);
        d.origin.put("video-A/index.m3u8", "#EXTM3U\n#EXTINF:10.0,\nseg_000.ts\n#EXT-X-ENDLIST\n");

        assertEquals(200, d.call(d.playlistHandler, FcEventBuilder.get("/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", token)).statusCode());
        JsonObject line = lastLine();
        assertCalls(line, 2, 1, 0, 0);
        assertEquals(1, line.get("originCalls").getAsInt(), line.toString());
    }

    @Test
    void tokenAndKeys_countTheirWrites_andTheKmsCallOfANewKey() {
        d.registerVideo("video-B");
        // POST /keys: the registration read (none yet), KMS GenerateDataKey, the registration write
        assertCalls(lastLine(), 2, 2, 1, 0);

        d.issueToken("video-B", 5);
        assertCalls(lastLine(), 1, 1, 0, 0); // the token's record
        assertFalse(lastLine().has("originCalls"), "absent when none: " + lastLine());
        assertFalse(lastLine().has("entitlementCalls"), "allow-all is no call: " + lastLine());
    }
}
