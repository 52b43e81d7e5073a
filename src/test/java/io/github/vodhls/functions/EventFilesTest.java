package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.wiring.LoginVerifiers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample events under events/ and their table in events/README.md: every file is documented, every HTTP one is an
 * FC 3.0 event the handlers read, and the token, decrypt and upload-callback ones answer the documented status when
 * run through the real handlers of a test deployment configured as the README says.
 */
class EventFilesTest {
    private static final Path EVENTS = Paths.get("events");
    static final String SAMPLE_API_KEY = "fake-api-key-for-sample-events-0000";
    static final String SAMPLE_LOGIN_SECRETS = "fake-login=ZmFrZS1sb2dpbi1zZWNyZXQtZm9yLXNhbXBsZS1ldmVudHMtMDAwMA==";
    private static final String SAMPLE_VIDEO = "1f2e3d4c5b6a79880f1e2d3c4b5a6978";

    private final TestDeployment d = new TestDeployment(Map.of(
            "API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(SAMPLE_API_KEY),
            "LOGIN_HMAC_SECRETS", SAMPLE_LOGIN_SECRETS,
            "LOGIN_ISSUER", "https://app.example.com"), LoginVerifiers.FROM_CONFIG, new AllowAllEntitlements());

    /** One row of the README's table. */
    private static final class Row {
        final String file;
        final String function;
        final Integer status;

        Row(String file, String function, Integer status) {
            this.file = file;
            this.function = function;
            this.status = status;
        }

        @Override
        public String toString() {
            return file + " (" + function + ", " + status + ")";
        }
    }

    private static List<Row> documented() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+\\.json)` \\| ([a-z-]+|—) \\|.*\\| ([0-9]{3}|—) \\|$")
                .matcher(Files.readString(EVENTS.resolve("README.md"), StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group(2), m.group(3).equals("—") ? null : Integer.valueOf(m.group(3))));
        }
        return rows;
    }

    static String read(String file) {
        try {
            return Files.readString(EVENTS.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FcHttpFunction handlerOf(String function) {
        switch (function) {
            case "token":
                return d.tokenHandler;
            case "decrypt":
                return d.decryptHandler;
            case "upload-callback":
                return d.uploadCallbackHandler;
            case "playlist":
                return d.playlistHandler;
            default:
                return null;
        }
    }

    @Test
    void everyEventFile_isInTheReadmeTable_andEveryRowNamesAFile() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(EVENTS)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> rows = documented().stream().map(r -> r.file).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, rows);
        assertTrue(rows.containsAll(List.of("token-issue-backend.json", "token-issue-viewer.json", "token-keys.json",
                "token-revoke.json", "token-preflight.json", "decrypt-get-key.json", "decrypt-head.json",
                "decrypt-preflight.json", "playlist-media.json", "playlist-master.json",
                "playlist-missing-token.json")), "the main cases of every function: " + rows);
    }

    @Test
    void everyHttpSample_isAnFc3HttpEventTheEventReaderReads() throws IOException {
        for (Row row : documented()) {
            byte[] raw = read(row.file).getBytes(StandardCharsets.UTF_8);
            if (row.status == null) {
                assertFalse(FcHttpEvents.isHttpEvent(raw), row + " is documented as not an HTTP event");
                continue;
            }
            assertTrue(FcHttpEvents.isHttpEvent(raw), row.toString());
            HttpRequest request = FcHttpEvents.read(new ByteArrayInputStream(raw));
            JsonObject event = JsonParser.parseString(read(row.file)).getAsJsonObject();
            JsonObject http = event.getAsJsonObject("requestContext").getAsJsonObject("http");
            assertEquals(http.get("method").getAsString(), request.method(), row.toString());
            assertEquals(http.get("path").getAsString(), request.path(), row + ": rawPath and path agree");
            assertEquals(http.get("userAgent").getAsString(), request.header("User-Agent"), row.toString());
            assertNotNull(event.getAsJsonObject("requestContext").get("requestId"), row.toString());
        }
    }

    @Test
    void everyHttpSample_hasFc3sRequestContext_isoTime_andDomainPrefix() throws IOException {
        int checked = 0;
        for (Row row : documented()) {
            JsonObject event = JsonParser.parseString(read(row.file)).isJsonObject()
                    ? JsonParser.parseString(read(row.file)).getAsJsonObject() : null;
            if (event == null || !event.has("requestContext")) {
                continue;
            }
            JsonObject context = event.getAsJsonObject("requestContext");
            String time = context.get("time").getAsString();
            assertTrue(time.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), row.file + ": time " + time
                    + " is not ISO-8601 UTC as FC 3.0 writes it");
            assertEquals(java.time.Instant.parse(time).toEpochMilli(), context.get("timeEpoch").getAsLong(), row.file);
            assertEquals(context.get("domainName").getAsString().split("\\.")[0],
                    context.get("domainPrefix").getAsString(), row.file);
            checked++;
        }
        assertEquals(12, checked);
    }

    @Test
    void mnsSample_hasTheSourceFcsQueueTriggerSends_whichTheParserIgnores() {
        String batch = read("mns-file-upload-complete.json");
        assertTrue(batch.contains("\"source\": \"MNS-vod-hls-upload-callback-vod-events\""),
                "MNS-<function>-<trigger>, as the fc3 component's MNS trigger filter names it");
        java.util.function.Function<String, List<String>> videoIds = text -> io.github.vodhls.core.video.VodEvents
                .parse(text).stream().map(e -> e.eventType() + " " + e.videoId()).collect(Collectors.toList());
        List<String> parsed = videoIds.apply(batch);
        assertEquals(2, parsed.size(), parsed.toString());
        assertEquals(parsed, videoIds.apply(batch.replace("MNS-vod-hls-upload-callback-vod-events", "anything-else")));
    }

    @Test
    void tokenDecryptAndCallbackSamples_answerTheDocumentedStatus() throws IOException {
        int run = 0;
        for (Row row : documented()) {
            FcHttpFunction handler = handlerOf(row.function);
            if (handler == null || row.status == null) {
                continue;
            }
            FcResponse response = d.call(handler, read(row.file));
            assertEquals(row.status.intValue(), response.statusCode(), row + ": " + response.bodyText());
            run++;
        }
        assertEquals(12, run, "token (5), decrypt (3), playlist (3) and upload-callback (1) samples");
        assertEquals("TOKEN_UNKNOWN_KID", d.call(d.decryptHandler, read("decrypt-get-key.json")).errorCode());
        assertEquals("TOKEN_UNKNOWN_KID", d.call(d.playlistHandler, read("playlist-media.json")).errorCode());
        assertEquals("TOKEN_REQUIRED", d.call(d.playlistHandler, read("playlist-missing-token.json")).errorCode());
    }

    @Test
    void keySamples_withTheCiphertextAndTokenTheTokenSamplesReturn_serveTheKey_untilRevoked() {
        String ciphertext = d.call(d.tokenHandler, read("token-keys.json")).json().get("ciphertext").getAsString();
        JsonObject issued = d.call(d.tokenHandler, read("token-issue-backend.json")).json();
        String token = issued.get("token").getAsString();

        FcResponse key = d.call(d.decryptHandler, withKeyQuery(read("decrypt-get-key.json"), ciphertext, token));
        assertEquals(200, key.statusCode(), key.bodyText());
        assertArrayEquals(d.kms.decrypt(ciphertext), key.body());
        FcResponse head = d.call(d.decryptHandler, withKeyQuery(read("decrypt-head.json"), ciphertext, token));
        assertEquals(200, head.statusCode(), head.bodyText());
        assertEquals(0, head.body().length);

        JsonObject revoke = JsonParser.parseString(read("token-revoke.json")).getAsJsonObject();
        revoke.addProperty("body", "{\"tokenId\":\"" + issued.get("tokenId").getAsString() + "\"}");
        assertEquals(200, d.call(d.tokenHandler, revoke.toString()).statusCode());
        TestDeployment.assertError(d.call(d.decryptHandler,
                withKeyQuery(read("decrypt-get-key.json"), ciphertext, token)), 403, "TOKEN_REVOKED");
    }

    @Test
    void playlistSamples_withTheTokenTheTokenSampleReturns_serveThePlaylistsWithTheTokenOnEveryKeyUri() {
        String token = d.call(d.tokenHandler, read("token-issue-backend.json")).json().get("token").getAsString();
        String encoded = "MtsHlsUriToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        d.origin.put(SAMPLE_VIDEO + "/index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.com/decrypt?Ciphertext=QUJD\"\n"
                + "#EXTINF:10.0,\nseg_000.ts\n#EXT-X-ENDLIST\n");
        d.origin.put(SAMPLE_VIDEO + "/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nsd/index.m3u8\n");

        FcResponse media = d.call(d.playlistHandler, withToken(read("playlist-media.json"), token));
        assertEquals(200, media.statusCode(), media.bodyText());
        assertTrue(media.bodyText().contains("Ciphertext=QUJD&" + encoded + "\""), media.bodyText());
        FcResponse master = d.call(d.playlistHandler, withToken(read("playlist-master.json"), token));
        assertEquals(200, master.statusCode(), master.bodyText());
        assertTrue(master.bodyText().contains("sd/index.m3u8?" + encoded), master.bodyText());
    }

    @Test
    void viewerSample_issuesATokenForTheUserOfItsLoginToken() {
        FcResponse r = d.call(d.tokenHandler, read("token-issue-viewer.json"));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals("viewer-alice", r.json().get("userId").getAsString());
        assertEquals(SAMPLE_VIDEO, r.json().get("videoId").getAsString());
        assertEquals(TestDeployment.ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void callbackSample_submitsTheSampleVideosEncryptedTranscoding() {
        assertEquals(200, d.call(d.uploadCallbackHandler, read("callback-file-upload-complete.json")).statusCode());
        assertEquals(1, d.transcodeJobs.size());
        assertTrue(d.transcodeJobs.get(0).startsWith(SAMPLE_VIDEO + " " + TestDeployment.DECRYPT_BASE_URL + "?"),
                d.transcodeJobs.toString());
    }

    /** The event with a real token in its query. */
    static String withToken(String event, String token) {
        JsonObject json = JsonParser.parseString(event).getAsJsonObject();
        json.getAsJsonObject("queryParameters").addProperty("MtsHlsUriToken", token);
        return json.toString();
    }

    /** The event with real values for the key request's query parameters. */
    static String withKeyQuery(String event, String ciphertext, String token) {
        JsonObject json = JsonParser.parseString(event).getAsJsonObject();
        JsonObject query = json.getAsJsonObject("queryParameters");
        query.addProperty("Ciphertext", ciphertext);
        query.addProperty("MtsHlsUriToken", token);
        return json.toString();
    }
}
