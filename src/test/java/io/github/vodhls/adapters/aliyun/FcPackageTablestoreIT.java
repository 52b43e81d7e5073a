package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.fc.runtime.Credentials;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.LiveToken;
import io.github.vodhls.core.token.ViewerStreams;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.TokenStoreContract;
import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistry.ClaimResult;
import io.github.vodhls.core.video.VideoKeyRegistryContract;
import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.CallbackDeliveriesContract;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Tablestore adapters of the FC package (shaded jar: Tablestore SDK with its shaded protobuf and async HTTP
 * client, as deployed) against {@link LoopbackTablestore}, which speaks the SDK's wire protocol on 127.0.0.1,
 * checks every request's V2 signature and STS token, signs its answers as the SDK verifies them, and enforces
 * Tablestore's conditional writes. The production clients are used: {@link TablestoreClients} (the functions' client,
 * signing with {@link RoleCredentials}) and {@link SyncClientTablestoreRows#connect} (the table-creation command's).
 * The token store and video registry contracts run in full over the wire.
 */
class FcPackageTablestoreIT {
    private static final String INSTANCE = "vodhls-it";
    private static final String ADMIN_ID = "LTAI-admin";
    private static final String ADMIN_SECRET = "admin-secret";
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    /** Shared by the contract suites, whose every store is a fresh pair of tables. */
    private static Shared shared;

    private LoopbackTablestore server;
    private RoleCredentials credentials;
    private TablestoreClients clients;
    private SyncClientTablestoreRows admin;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackTablestore.start(INSTANCE).allow("STS.first", "first-secret", "first-token")
                .allow(ADMIN_ID, ADMIN_SECRET, null);
        credentials = new RoleCredentials("STS.first", "first-secret", "first-token");
        clients = new TablestoreClients(server.endpoint(), INSTANCE, credentials, 3000);
        admin = SyncClientTablestoreRows.connect(server.endpoint(), INSTANCE, ADMIN_ID, ADMIN_SECRET, null);
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    @AfterAll
    static void stopShared() {
        if (shared != null) {
            shared.admin.close();
            shared.server.close();
        }
    }

    @Test
    void sdkClient_isLoadedFromTheFcPackage() throws Exception {
        Path source = Paths.get(SyncClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals("vod-hls-encryption.jar", source.getFileName().toString());
    }

    @Test
    void createTables_createsBothWithOneVersionAndNoTtl_thenFindsThemThere() {
        TablestoreSchema schema = new TablestoreSchema(admin, "tokens", "videos");

        assertEquals(Map.of("tokens", TablestoreSchema.Outcome.CREATED, "videos", TablestoreSchema.Outcome.CREATED),
                schema.createTables());
        assertEquals(Map.of("tokens", TablestoreSchema.Outcome.ALREADY_EXISTS,
                "videos", TablestoreSchema.Outcome.ALREADY_EXISTS), schema.createTables());

        assertEquals(1, server.options("tokens").getMaxVersions());
        assertEquals(-1, server.options("tokens").getTimeToLive());
        assertEquals(List.of("CreateTable by LTAI-admin -> 200 OK", "CreateTable by LTAI-admin -> 200 OK",
                "CreateTable by LTAI-admin -> 409 OTSObjectAlreadyExist",
                "CreateTable by LTAI-admin -> 409 OTSObjectAlreadyExist"), strings(server.calls()));
        for (LoopbackTablestore.Call call : server.calls()) {
            assertNull(call.securityToken, "a long-term key sends no STS token");
        }
    }

    @Test
    void token_recordConsumeRevoke_andVideoRegistration_goOverTheWireSignedWithTheRoleCredentials() {
        new TablestoreSchema(admin, "tokens", "videos").createTables();
        int adminCalls = server.calls().size();
        TokenStore tokens = new TablestoreTokenStore(clients, "tokens");
        VideoKeyRegistry videos = new TablestoreVideoKeyRegistry(clients, "videos");

        tokens.record(new TokenRecord("t1", "v1", "alice", 2, T0, T0.plusSeconds(600)));
        assertEquals(1, tokens.consume("t1", 2).usesAfter());
        assertEquals(TokenStanding.ACTIVE, tokens.standing("t1"));
        assertTrue(tokens.revoke("t1"));
        assertEquals(ConsumeResult.Status.REVOKED, tokens.consume("t1", 2).status());
        assertEquals(TokenStanding.REVOKED, tokens.standing("t1"));
        assertFalse(tokens.revoke("t-unknown"));
        VideoKey key = new VideoKey("v1", "EDK-ciphertext", T0);
        assertEquals(key.ciphertext(), videos.registerIfAbsent(key).ciphertext());
        assertEquals(key.ciphertext(),
                videos.registerIfAbsent(new VideoKey("v1", "other", T0.plusSeconds(1))).ciphertext());
        assertEquals(ClaimResult.CLAIMED, videos.claimSubmission("v1", "holder-1", T0, Duration.ofMinutes(2)));
        videos.markSubmitted("v1", "holder-1", "job-1", T0.plusSeconds(1));
        assertEquals(JobRecord.submitted("job-1", T0.plusSeconds(1)), videos.job("v1").orElseThrow());

        assertEquals(ColumnValue.fromLong(1), server.row("tokens", "t1").get("uses"));
        assertEquals(ColumnValue.fromBoolean(true), server.row("tokens", "t1").get("revoked"));
        assertEquals(ColumnValue.fromString("EDK-ciphertext"), server.row("videos", "v1").get("ciphertext"));
        List<LoopbackTablestore.Call> calls = server.calls().subList(adminCalls, server.calls().size());
        assertEquals(List.of(
                "PutRow 200", "UpdateRow 200", "GetRow 200", "UpdateRow 200", "UpdateRow 403", "GetRow 200",
                "GetRow 200", "UpdateRow 403", "PutRow 200", "PutRow 403", "GetRow 200", "UpdateRow 200",
                "UpdateRow 200", "GetRow 200"),
                calls.stream().map(c -> c.action + " " + c.status).collect(Collectors.toList()));
        for (LoopbackTablestore.Call call : calls) {
            assertEquals("STS.first", call.accessKeyId, call.toString());
            assertEquals("first-token", call.securityToken, call.toString());
            assertTrue(call.status == 200 || "OTSConditionCheckFail".equals(call.code), call.toString());
            for (String header : List.of("x-ots-signature", "x-ots-date", "x-ots-contentmd5", "x-ots-apiversion")) {
                assertTrue(call.otsHeaders.containsKey(header), header + " in " + call.otsHeaders.keySet());
            }
            assertEquals(INSTANCE, call.otsHeaders.get("x-ots-instancename"));
        }
    }

    @Test
    void viewerStreams_compareAndSetGoesOverTheWire_andAnEmptyListIsADeletedColumn() {
        new TablestoreSchema(admin, "tokens", "videos").createTables();
        int adminCalls = server.calls().size();
        TokenStore tokens = new TablestoreTokenStore(clients, "tokens");
        ViewerStreams first = ViewerStreams.none().with(List.of(T0.toEpochMilli()),
                List.of(new LiveToken("t1", "v1", "tv", T0, T0.plusSeconds(600))));

        assertTrue(tokens.updateViewerStreams("alice", first));
        assertFalse(tokens.updateViewerStreams("alice", first), "a second first write");
        ViewerStreams read = tokens.viewerStreams("alice");
        assertEquals(first.atVersion(1), read);
        ViewerStreams emptied = read.with(read.issuedAtMillis(), List.of());
        assertTrue(tokens.updateViewerStreams("alice", emptied));
        assertFalse(tokens.updateViewerStreams("alice", read), "a write from a version that is gone");

        assertEquals(emptied.atVersion(2), tokens.viewerStreams("alice"));
        assertEquals(Map.of("version", ColumnValue.fromLong(2),
                "recent_issues_ms", ColumnValue.fromString(String.valueOf(T0.toEpochMilli()))),
                server.row("tokens", "viewer#alice"));
        assertEquals(List.of("PutRow 200", "PutRow 403", "GetRow 200", "UpdateRow 200", "UpdateRow 403", "GetRow 200"),
                server.calls().subList(adminCalls, server.calls().size()).stream()
                        .map(c -> c.action + " " + c.status).collect(Collectors.toList()));
    }

    @Test
    void consume_afterRoleCredentialsRotate_isSignedWithTheNewCredentials() {
        String tokens = tables()[0];
        TokenStore store = new TablestoreTokenStore(clients, tokens);
        store.record(new TokenRecord("t1", "v1", "alice", 3, T0, T0.plusSeconds(600)));
        server.allow("STS.second", "second-secret", "second-token").revoke("STS.first");

        credentials.update("STS.second", "second-secret", "second-token");

        assertEquals(1, store.consume("t1", 3).usesAfter());
        LoopbackTablestore.Call last = last();
        assertEquals("STS.second", last.accessKeyId);
        assertEquals("second-token", last.securityToken);
    }

    @Test
    void request_signedWithAWrongSecret_isRefusedAsOTSAuthFailed_andIsStoreUnavailable() {
        String tokens = tables()[0];
        credentials.update("STS.first", "not-the-secret", "first-token");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new TablestoreTokenStore(clients, tokens).consume("t1", 3));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("OTSAuthFailed (HTTP 403"), e.getMessage());
        assertEquals("UpdateRow by STS.first -> 403 OTSAuthFailed", last().toString());
    }

    @Test
    void answer_withAWrongSignature_isRejectedByTheSdk_andIsStoreUnavailable() {
        String tokens = tables()[0];
        server.signAnswersWrongly();

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new TablestoreTokenStore(clients, tokens).record(
                        new TokenRecord("t1", "v1", "alice", 3, T0, T0.plusSeconds(600))));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().endsWith("client error ClientException"), e.getMessage());
    }

    @Test
    void consume_whenTablestoreIsBusyOnce_isRetriedBySdk_andCountsOneUse() {
        String tokens = tables()[0];
        TokenStore store = new TablestoreTokenStore(clients, tokens);
        store.record(new TokenRecord("t1", "v1", "alice", 3, T0, T0.plusSeconds(600)));
        server.failNext(503, "OTSServerBusy");

        assertEquals(1, store.consume("t1", 3).usesAfter());

        List<LoopbackTablestore.Call> calls = server.calls();
        assertEquals(List.of("UpdateRow by STS.first -> 503 OTSServerBusy", "UpdateRow by STS.first -> 200 OK"),
                strings(calls.subList(calls.size() - 2, calls.size())));
    }

    @Test
    void consume_whenTablestoreDoesNotAnswerWithinTheTimeout_isStoreUnavailable() {
        String tokens = tables()[0];
        TokenStore store = new TablestoreTokenStore(clients, tokens);
        store.record(new TokenRecord("t1", "v1", "alice", 3, T0, T0.plusSeconds(600)));
        server.stallNextAnswer();

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.consume("t1", 3));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().startsWith("Tablestore UpdateRow on table tokens failed: client error "),
                e.getMessage());
    }

    @Test
    void standing_whenTablestoreIsDown_isRetriedWithinTheTimeout_thenStoreUnavailable() {
        String tokens = tables()[0];
        server.close();
        long start = System.nanoTime();

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new TablestoreTokenStore(clients, tokens).standing("t1"));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().startsWith("Tablestore GetRow on table tokens failed: client error "),
                e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0,
                "bounded by the 3 s retry budget");
    }

    /** The token store contract, every store over a fresh token table of the shared stand-in. */
    @Nested
    class TokenStoreOverTheWire extends TokenStoreContract {
        @Override
        protected TokenStore store() {
            Shared s = shared();
            return new TablestoreTokenStore(s.clients, s.tables()[0]);
        }
    }

    /** The video registry contract, every registry over a fresh video table of the shared stand-in. */
    @Nested
    class VideoKeyRegistryOverTheWire extends VideoKeyRegistryContract {
        @Override
        protected VideoKeyRegistry registry() {
            Shared s = shared();
            return new TablestoreVideoKeyRegistry(s.clients, s.tables()[1]);
        }
    }

    /** The callback deliveries contract, every store over a fresh video table of the shared stand-in. */
    @Nested
    class CallbackDeliveriesOverTheWire extends CallbackDeliveriesContract {
        @Override
        protected CallbackDeliveries deliveries() {
            Shared s = shared();
            return new TablestoreCallbackDeliveries(s.clients, s.tables()[1]);
        }
    }

    /** One stand-in and one client for the contract suites (their tests are many; clients are not closable). */
    private static final class Shared {
        final LoopbackTablestore server;
        final TablestoreClients clients;
        final SyncClientTablestoreRows admin;
        final AtomicInteger tables = new AtomicInteger();

        Shared() throws Exception {
            server = LoopbackTablestore.start(INSTANCE).allow("STS.shared", "shared-secret", "shared-token")
                    .allow(ADMIN_ID, ADMIN_SECRET, null);
            clients = new TablestoreClients(server.endpoint(), INSTANCE,
                    new RoleCredentials("STS.shared", "shared-secret", "shared-token"), 3000);
            admin = SyncClientTablestoreRows.connect(server.endpoint(), INSTANCE, ADMIN_ID, ADMIN_SECRET, null);
        }

        /** A fresh token table and video table, created over the wire. */
        String[] tables() {
            int n = this.tables.incrementAndGet();
            String[] names = {"tokens_" + n, "videos_" + n};
            new TablestoreSchema(admin, names[0], names[1]).createTables();
            return names;
        }
    }

    private static synchronized Shared shared() {
        if (shared == null) {
            try {
                shared = new Shared();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    private String[] tables() {
        new TablestoreSchema(admin, "tokens", "videos").createTables();
        return new String[] {"tokens", "videos"};
    }

    private LoopbackTablestore.Call last() {
        List<LoopbackTablestore.Call> calls = server.calls();
        return calls.get(calls.size() - 1);
    }

    private static List<String> strings(List<LoopbackTablestore.Call> calls) {
        return calls.stream().map(LoopbackTablestore.Call::toString).collect(Collectors.toList());
    }

}
