package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.adapters.aliyun.KmsKeyManagement;
import io.github.vodhls.adapters.aliyun.LoopbackClients;
import io.github.vodhls.adapters.aliyun.LoopbackKms;
import io.github.vodhls.adapters.aliyun.LoopbackTablestore;
import io.github.vodhls.adapters.aliyun.LoopbackVod;
import io.github.vodhls.adapters.aliyun.RoleCredentials;
import io.github.vodhls.adapters.aliyun.SyncClientTablestoreRows;
import io.github.vodhls.adapters.aliyun.TablestoreClients;
import io.github.vodhls.adapters.aliyun.TablestoreSchema;
import io.github.vodhls.adapters.aliyun.TablestoreTokenStore;
import io.github.vodhls.adapters.aliyun.TablestoreVideoKeyRegistry;
import io.github.vodhls.adapters.aliyun.TablestoreCallbackDeliveries;
import io.github.vodhls.adapters.aliyun.VodTranscoder;
import io.github.vodhls.adapters.aliyun.VodVideoCatalog;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.video.VodCallbackSignature;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault table of docs/operations.md ("When a dependency fails"), row by row: the functions of the FC package
 * wired as {@code Wiring} wires them for Tablestore (the real KMS, Tablestore and VOD adapters and SDK clients),
 * against the loopback stand-ins of the three services, each told to fail in one way. For every row: the answer
 * (status, code, {@code Retry-After} on a 503) and exactly one log line per request with that code; then the state
 * the stand-ins hold (uses, registrations, submissions), never half done; then, the fault cleared, the same request
 * succeeds.
 */
class FcPackageFaultsIT {
    private static final String ALIAS = "alias/faults";
    private static final String INSTANCE = "vodhls-faults";
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.fc", "fc-secret", "fc-token");
    private static final String CALLBACK_URL = "https://callback.example.com/vod";
    private static final String CALLBACK_KEY = "fault-test-callback-key-0001";
    /** Short enough that a timeout row costs little; far above a loopback round trip. */
    private static final int READ_TIMEOUT_MS = 700;
    private static final int VOD_READ_TIMEOUT_MS = 1500;
    /**
     * Events signed so far: each is signed one second before the one before it, counting back from when the class
     * loaded (a few dozen events in a minute or two: well inside the 300 s window).
     */
    private static final long FIRST_SIGNED = System.currentTimeMillis() / 1000;
    private static final java.util.concurrent.atomic.AtomicLong CALLBACKS_SIGNED =
            new java.util.concurrent.atomic.AtomicLong();
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)`: (.*?) \\| (.*?) \\| (.*?) \\| (.*?) \\|$");
    private static final Pattern ANSWER = Pattern.compile("(\\d{3})(?: `([A-Za-z_]+)`)?");

    @TempDir
    static Path dir;
    private static LoopbackKms kms;
    private static LoopbackTablestore ots;
    private static LoopbackVod vod;
    private static final String API_KEY = TestKeys.randomBase64(24);
    private static final String SIGNING_KEYS = TestKeys.hs256Entry("k1");

    /** One row of the table: the fault's id, the function, and the answers it names. */
    static final class Row {
        final String id;
        final String function;
        /** (status, code or null) in the order the table names them; the first must happen. */
        final List<String> answers = new ArrayList<>();

        Row(String id, String function, String answer) {
            this.id = id;
            this.function = function;
            Matcher m = ANSWER.matcher(answer);
            while (m.find()) {
                answers.add(m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)));
            }
        }

        @Override
        public String toString() {
            return id + " (" + function + ")";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kms = LoopbackKms.start(dir, ALIAS).allow("STS.fc", "fc-secret", "fc-token");
        vod = LoopbackVod.start(dir, "STS.fc", "fc-secret", "fc-token");
        ots = LoopbackTablestore.start(INSTANCE).allow("STS.fc", "fc-secret", "fc-token")
                .allow("LTAI-admin", "admin-secret", null);
        try (SyncClientTablestoreRows admin = SyncClientTablestoreRows.connect(ots.endpoint(), INSTANCE,
                "LTAI-admin", "admin-secret", null)) {
            new TablestoreSchema(admin, "tokens", "videos").createTables();
        }
    }

    @AfterAll
    static void stop() {
        ots.close();
        vod.close();
        kms.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRowOfTheFaultTable_isAnsweredAsItSays() throws IOException {
        Map<String, Scenario> scenarios = scenarios();
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            Scenario scenario = scenarios.get(row.id);
            assertNotNull(scenario, "no test for the row " + row.id);
            scenario.run(row, new Deployment());
        }));
    }

    @Test
    void everyTestedFault_hasARowInTheTable() throws IOException {
        assertEquals(scenarios().keySet(), rows().stream().map(r -> r.id).collect(Collectors.toSet()));
    }

    @Test
    void warmKeyFetch_isTwoTablestoreRequestsInOneRoundTrip_andNoKmsCall_asItsLogLineSays() {
        Deployment d = new Deployment();
        Played p = d.played(5);
        assertEquals(16, d.decrypt(keyRequest(p)).body().length); // the first: registration read and KMS Decrypt
        int callsBefore = ots.calls().size();
        long decryptsBefore = kms.served("Decrypt");

        assertEquals(16, d.decrypt(keyRequest(p)).body().length);

        List<String> actions = new ArrayList<>();
        for (LoopbackTablestore.Call call : ots.calls().subList(callsBefore, ots.calls().size())) {
            actions.add(call.action);
        }
        actions.sort(null);
        assertEquals(List.of("GetRow", "UpdateRow"), actions, "the video's revocation and the use");
        assertEquals(decryptsBefore, kms.served("Decrypt"), "the key came from the instance's cache");
        List<JsonObject> lines = d.context.requestLogLines();
        JsonObject line = lines.get(lines.size() - 1);
        assertEquals(2, line.get("storeCalls").getAsInt(), line.toString());
        assertEquals(1, line.get("storeRoundTrips").getAsInt(), line.toString());
        assertEquals(0, line.get("kmsCalls").getAsInt(), line.toString());
        assertEquals(0, line.get("vodCalls").getAsInt(), line.toString());
    }

    @Test
    void keyFetch_whenOnlyTheRevocationReadFails_releasesNoKey_thoughTheUseBesideItWasSpent() {
        Deployment d = new Deployment();
        Played p = d.played(5);
        assertEquals(16, d.decrypt(keyRequest(p)).body().length);
        ots.failEveryRequest("GetRow", 503, "OTSServerBusy");
        FcResponse refused;
        try {
            refused = d.decrypt(keyRequest(p));
        } finally {
            ots.clearFaults();
        }
        assertEquals(503, refused.statusCode(), refused.raw());
        assertEquals("STORE_UNAVAILABLE", refused.json().get("code").getAsString());
        assertEquals(2, uses(p), "the conditional write beside the failed read counted its use");
        assertEquals(16, d.decrypt(keyRequest(p)).body().length);
    }

    /** What a row does: set up, inject, call, {@link Deployment#expect check the answer}, check the state, retry. */
    interface Scenario {
        void run(Row row, Deployment d) throws Exception;
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> s = new LinkedHashMap<>();
        s.put("kms-throttled", (row, d) -> keyFetchWhileKmsFails(row, d, () -> kms.failNext(429, "Throttling")));
        s.put("kms-unavailable", (row, d) -> keyFetchWhileKmsFails(row, d,
                () -> kms.failNext(503, "ServiceUnavailableTemporary")));
        s.put("kms-timeout", (row, d) -> keyFetchWhileKmsFails(row, d,
                () -> kms.answerNextAfter(Duration.ofMillis(READ_TIMEOUT_MS + 500))));
        s.put("kms-reset", (row, d) -> keyFetchWhileKmsFails(row, d, kms::dropNextConnection));
        s.put("kms-throttled-keys", (row, d) -> {
            String video = newVideoId();
            kms.failNext(429, "Throttling");
            d.expect(row, d.token(FcEventBuilder.post("/keys").bearer(API_KEY).json(videoJson(video))));
            assertTrue(ots.row("videos", video).isEmpty(), "no key registered");
            assertEquals(200, d.token(FcEventBuilder.post("/keys").bearer(API_KEY).json(videoJson(video)))
                    .statusCode());
            assertFalse(ots.row("videos", video).isEmpty(), "the retry registered the key");
        });
        s.put("kms-timeout-callback", (row, d) -> callbackWhile(row, d,
                () -> kms.answerNextAfter(Duration.ofMillis(READ_TIMEOUT_MS + 500)), true));
        s.put("ots-busy-consume", (row, d) -> {
            Played p = d.played(3);
            ots.failEveryRequest(503, "OTSServerBusy");
            try {
                d.expect(row, d.decrypt(keyRequest(p)));
            } finally {
                ots.clearFaults();
            }
            assertEquals(0, uses(p), "no use counted");
            assertEquals(16, d.decrypt(keyRequest(p)).body().length);
            assertEquals(1, uses(p));
        });
        s.put("ots-timeout-consume", (row, d) -> {
            Played p = d.played(3);
            ots.stallNextAnswer();
            d.expect(row, d.decrypt(keyRequest(p)));
            FcResponse retry = d.decrypt(keyRequest(p));
            assertEquals(200, retry.statusCode(), retry.bodyText());
            assertEquals(16, retry.body().length);
        });
        s.put("ots-busy-record", (row, d) -> {
            String video = newVideoId();
            d.registerKey(video);
            int rowsBefore = tokenRows();
            ots.failEveryRequest(503, "OTSServerBusy");
            try {
                FcResponse r = d.token(issueRequest(video, 3));
                d.expect(row, r);
                assertFalse(r.bodyText().contains("eyJ"), "no token in the answer");
            } finally {
                ots.clearFaults();
            }
            assertEquals(rowsBefore, tokenRows(), "no token recorded");
            Played p = d.played(video, 3);
            assertEquals(16, d.decrypt(keyRequest(p)).body().length);
        });
        s.put("ots-busy-playlist", (row, d) -> {
            Played p = d.played(3);
            d.origin.put(p.video + "/index.m3u8", "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n"
                    + "#EXT-X-KEY:METHOD=AES-128,URI=\"" + p.decryptKeyUri + "\"\n#EXTINF:4.0,\nseg0.ts\n"
                    + "#EXT-X-ENDLIST\n");
            FcEventBuilder load = FcEventBuilder.get("/media/" + p.video + "/index.m3u8")
                    .query("MtsHlsUriToken", p.token);
            ots.failEveryRequest(503, "OTSServerBusy");
            try {
                d.expect(row, d.playlist(load));
            } finally {
                ots.clearFaults();
            }
            FcResponse retry = d.playlist(load);
            assertEquals(200, retry.statusCode(), retry.bodyText());
            assertTrue(retry.bodyText().contains("MtsHlsUriToken="), retry.bodyText());
        });
        s.put("ots-busy-claim", (row, d) -> callbackWhile(row, d, () -> {
            // ensureKey's reads and writes pass; the claim (the first UpdateRow on the videos table) fails
            ots.failEveryRequest("UpdateRow", 503, "OTSServerBusy");
        }, false));
        s.put("ots-race-last-use", (row, d) -> {
            Played p = d.played(1);
            Deployment other = new Deployment(d.context);
            List<FcResponse> answers = concurrently(() -> d.decrypt(keyRequest(p)),
                    () -> other.decrypt(keyRequest(p)));
            d.expect(row, answers.get(0), answers.get(1));
            assertEquals(1, uses(p), "the stored count is the limit");
        });
        s.put("ots-race-callback", (row, d) -> {
            String video = newVideoId();
            long submitted = submissions(video);
            Deployment other = new Deployment(d.context);
            String event = callback(video);
            List<FcResponse> answers = concurrently(() -> d.callback(event), () -> other.callback(event));
            d.expect(row, answers.get(0), answers.get(1));
            assertEquals(submitted + 1, submissions(video), "one SubmitTranscodeJobs");
            FcResponse retry = other.callback(event);
            assertEquals("duplicate", retry.json().get("status").getAsString(), retry.bodyText());
            assertEquals(submitted + 1, submissions(video));
        });
        s.put("vod-throttled", (row, d) -> callbackWhile(row, d,
                () -> vod.failNext("SubmitTranscodeJobs", 429, "Throttling"), false));
        s.put("vod-internal-error", (row, d) -> callbackWhile(row, d,
                () -> vod.failNext("SubmitTranscodeJobs", 500, "InternalError"), false));
        s.put("vod-confirm-throttled", (row, d) -> callbackWhile(row, d,
                () -> vod.failNext("GetMezzanineInfo", 429, "Throttling"), true));
        s.put("vod-timeout-submit", (row, d) -> {
            String video = newVideoId();
            String event = callback(video);
            vod.stallNextAnswer(VOD_READ_TIMEOUT_MS + 500); // VOD takes the job; its answer comes too late
            d.expect(row, d.callback(event));
            assertEquals(1, submissions(video), "VOD has the job");
            FcResponse retry = d.callback(event);
            assertEquals(200, retry.statusCode(), retry.bodyText());
            assertEquals("duplicate", retry.json().get("status").getAsString(), "found with ListTranscodeTask");
            assertEquals(1, submissions(video), "submitted once");
            assertTrue(vod.calls().stream().anyMatch(c -> "ListTranscodeTask".equals(c.params.get("Action"))
                    && video.equals(c.params.get("VideoId"))), "asked VOD before submitting again");
        });
        return s;
    }

    /** A token for a registered video; the key fetch runs into the KMS fault (the key is not cached yet). */
    private static void keyFetchWhileKmsFails(Row row, Deployment d, Runnable fault) {
        Played p = d.played(3);
        fault.run();
        FcResponse failed = d.decrypt(keyRequest(p));
        d.expect(row, failed);
        assertEquals(0, uses(p), "no use counted without a key handed out");
        FcResponse retry = d.decrypt(keyRequest(p));
        assertEquals(200, retry.statusCode(), retry.bodyText());
        assertEquals(16, retry.body().length);
        assertEquals(1, uses(p), "the retry counted one use");
    }

    /**
     * A signed FileUploadComplete for a new video while the fault lasts: nothing submitted; the retry (VOD's)
     * submits once, the one after is a duplicate.
     */
    private static void callbackWhile(Row row, Deployment d, Runnable fault, boolean noKeyEither) {
        String video = newVideoId();
        String event = callback(video);
        fault.run();
        try {
            d.expect(row, d.callback(event));
        } finally {
            ots.clearFaults();
        }
        assertEquals(0, submissions(video), "nothing submitted");
        if (noKeyEither) {
            assertTrue(ots.row("videos", video).isEmpty(), "no key registered");
        }
        FcResponse retry = d.callback(event);
        assertEquals(200, retry.statusCode(), retry.bodyText());
        assertEquals("submitted", retry.json().get("status").getAsString());
        assertEquals(1, submissions(video));
        assertEquals("duplicate", d.callback(event).json().get("status").getAsString());
        assertEquals(1, submissions(video));
    }

    /** The four functions of one deployment (one instance each), sharing the three stand-ins. */
    static final class Deployment {
        final TestContext context;
        final Map<String, String> origin = new java.util.concurrent.ConcurrentHashMap<>();
        private final TokenHandler tokenHandler;
        private final DecryptHandler decryptHandler;
        private final PlaylistHandler playlistHandler;
        private final UploadCallbackHandler callbackHandler;

        Deployment() {
            this(new TestContext());
        }

        /** Another instance of the functions, logging to the same context (for requests racing each other). */
        Deployment(TestContext context) {
            this.context = context;
            Map<String, String> env = new java.util.HashMap<>();
            env.put("TOKEN_SIGNING_KEYS", SIGNING_KEYS);
            env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(API_KEY));
            env.put("DECRYPT_BASE_URL", "https://key.example.com/decrypt");
            env.put("ORIGIN_BASE_URL", "https://origin.example.com/media");
            env.put("VOD_CALLBACK_URL", CALLBACK_URL);
            env.put("VOD_CALLBACK_PRIVATE_KEY", CALLBACK_KEY);
            FunctionGraphs graphs = new FunctionGraphs(Config.from(env), Clock.systemUTC(), new SecureRandom());
            AcsClients kmsClients = LoopbackClients.of(AcsClients.Product.KMS, LoopbackKms.REGION, kms.endpoint(),
                    CREDENTIALS, 1000, READ_TIMEOUT_MS, kms.trustManager(), vod.trustManager());
            TablestoreClients rows = new TablestoreClients(ots.endpoint(), INSTANCE, CREDENTIALS, READ_TIMEOUT_MS);
            TablestoreTokenStore tokens = new TablestoreTokenStore(rows, "tokens");
            TablestoreVideoKeyRegistry videos = new TablestoreVideoKeyRegistry(rows, "videos");
            Backends generating = new Backends(new KmsKeyManagement(kmsClients, ALIAS), tokens, videos, i -> { });
            tokenHandler = new TokenHandler(graphs.token(generating));
            decryptHandler = new DecryptHandler(graphs.decrypt(new Backends(KmsKeyManagement.decryptOnly(kmsClients),
                    tokens, videos, i -> { })));
            playlistHandler = new PlaylistHandler(graphs.playlist(tokens,
                    path -> Optional.ofNullable(origin.get(path.relative())), i -> { }, () -> { }));
            AcsClients vodClients = LoopbackClients.of(AcsClients.Product.VOD, LoopbackVod.REGION, vod.endpoint(),
                    CREDENTIALS, 1000, VOD_READ_TIMEOUT_MS, kms.trustManager(), vod.trustManager());
            callbackHandler = new UploadCallbackHandler(graphs.uploadCallback(generating.withUploadCallback(
                    new VodTranscoder(vodClients, "template-group-1"), new VodVideoCatalog(vodClients),
                    new TablestoreCallbackDeliveries(rows, "videos"))));
        }

        /**
         * The row's answers, each with a 503's {@code Retry-After}, and one request log line per answer with its
         * status and code (the last lines of this deployment's log).
         */
        void expect(Row row, FcResponse... responses) {
            List<String> observed = new ArrayList<>();
            for (FcResponse r : responses) {
                String code = r.statusCode() == 200 ? outcome(r) : r.json().get("code").getAsString();
                observed.add(r.statusCode() + (code == null ? "" : " " + code));
                if (r.statusCode() == 503) {
                    assertEquals("1", r.header("Retry-After"), r.raw());
                }
                if (r.statusCode() >= 400) {
                    TestDeployment.assertError(r, r.statusCode(), code);
                }
            }
            assertTrue(observed.contains(row.answers.get(0)), row + ": expected " + row.answers.get(0) + " among "
                    + observed);
            for (String answer : observed) {
                assertTrue(row.answers.contains(answer), row + ": " + answer + " is not in the table's answers "
                        + row.answers);
            }
            List<String> answered = new ArrayList<>();
            for (FcResponse r : responses) {
                answered.add(r.statusCode() + (r.statusCode() >= 400 ? " " + r.json().get("code").getAsString() : ""));
            }
            List<JsonObject> lines = context.requestLogLines();
            List<String> logged = new ArrayList<>();
            for (JsonObject line : lines.subList(Math.max(0, lines.size() - responses.length), lines.size())) {
                int status = line.get("status").getAsInt();
                logged.add(status + (status >= 400 ? " " + line.get("code").getAsString() : ""));
            }
            answered.sort(null);
            logged.sort(null);
            assertEquals(answered, logged, "one log line per answer: " + lines);
        }

        private static String outcome(FcResponse r) {
            if (r.isBase64Encoded()) {
                return null;
            }
            JsonObject json = r.json();
            return json.has("status") ? json.get("status").getAsString() : null;
        }

        /** A registered video and a token for it with this many uses. */
        Played played(int maxUses) {
            String video = newVideoId();
            registerKey(video);
            return played(video, maxUses);
        }

        Played played(String video, int maxUses) {
            FcResponse issued = token(issueRequest(video, maxUses));
            assertEquals(200, issued.statusCode(), issued.bodyText());
            JsonObject json = issued.json();
            String keys = token(FcEventBuilder.post("/keys").bearer(API_KEY).json(videoJson(video))).json()
                    .get("decryptKeyUri").getAsString();
            return new Played(video, json.get("token").getAsString(), json.get("tokenId").getAsString(), keys);
        }

        void registerKey(String video) {
            FcResponse r = token(FcEventBuilder.post("/keys").bearer(API_KEY).json(videoJson(video)));
            assertEquals(200, r.statusCode(), r.bodyText());
        }

        FcResponse token(FcEventBuilder event) {
            return call(tokenHandler, event.build());
        }

        FcResponse decrypt(FcEventBuilder event) {
            return call(decryptHandler, event.build());
        }

        FcResponse playlist(FcEventBuilder event) {
            return call(playlistHandler, event.build());
        }

        FcResponse callback(String event) {
            return call(callbackHandler, event);
        }

        private FcResponse call(FcHttpFunction handler, String event) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                        context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return FcResponse.parse(out.toByteArray());
        }
    }

    /** A video with its key, and a token for it. */
    static final class Played {
        final String video;
        final String token;
        final String tokenId;
        final String decryptKeyUri;

        Played(String video, String token, String tokenId, String decryptKeyUri) {
            this.video = video;
            this.token = token;
            this.tokenId = tokenId;
            this.decryptKeyUri = decryptKeyUri;
        }
    }

    private static FcEventBuilder keyRequest(Played p) {
        String ciphertext = java.net.URLDecoder.decode(p.decryptKeyUri.substring(p.decryptKeyUri.indexOf('=') + 1),
                StandardCharsets.UTF_8);
        return FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext).query("MtsHlsUriToken", p.token);
    }

    private static FcEventBuilder issueRequest(String video, int maxUses) {
        return FcEventBuilder.post("/token").bearer(API_KEY)
                .json("{\"videoId\":\"" + video + "\",\"userId\":\"viewer-1\",\"maxUses\":" + maxUses + "}");
    }

    private static String videoJson(String video) {
        return "{\"videoId\":\"" + video + "\"}";
    }

    private static String newVideoId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static long uses(Played p) {
        ColumnValue uses = ots.row("tokens", p.tokenId).get("uses");
        return uses == null ? 0 : uses.asLong();
    }

    private static int tokenRows() {
        return ots.rowCount("tokens");
    }

    private static long submissions(String video) {
        return vod.calls().stream().filter(c -> "SubmitTranscodeJobs".equals(c.params.get("Action"))
                && video.equals(c.params.get("VideoId")) && c.status == 200).count();
    }

    /**
     * VOD's signed HTTP callback for a successful upload of {@code video}, as the sample event under events/; the VOD
     * stand-in holds the video's source, so its upload confirms.
     */
    private static String callback(String video) {
        vod.uploaded(video, "Normal");
        JsonObject event;
        try {
            event = JsonParser.parseString(Files.readString(Paths.get("events", "callback-file-upload-complete.json"),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject body = JsonParser.parseString(event.get("body").getAsString()).getAsJsonObject();
        body.addProperty("VideoId", video);
        event.addProperty("body", body.toString());
        // A timestamp of its own per event: VOD signs URL and timestamp only, and the function binds each signed pair to
        // the first body it came with, so two events signed in the same second would be a replay of each other.
        long now = FIRST_SIGNED - CALLBACKS_SIGNED.getAndIncrement();
        JsonObject headers = event.getAsJsonObject("headers");
        headers.addProperty("X-VOD-TIMESTAMP", String.valueOf(now));
        headers.addProperty("X-VOD-SIGNATURE", VodCallbackSignature.sign(CALLBACK_URL, now, CALLBACK_KEY));
        return event.toString();
    }

    private static List<FcResponse> concurrently(Callable<FcResponse> a, Callable<FcResponse> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch ready = new CountDownLatch(2);
            List<Future<FcResponse>> futures = new ArrayList<>();
            for (Callable<FcResponse> call : List.of(a, b)) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return call.call();
                }));
            }
            List<FcResponse> answers = new ArrayList<>();
            for (Future<FcResponse> f : futures) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get("docs", "operations.md"), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(1), m.group(3).split(":")[0], m.group(4)));
            }
        }
        assertFalse(rows.isEmpty(), "the fault table of docs/operations.md has no rows");
        return rows;
    }
}
