package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistry.ClaimResult;
import io.github.vodhls.core.video.VideoKeyRegistryContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The registry contract, run against the real adapter over a fake that enforces Tablestore's semantics. */
class TablestoreVideoKeyRegistryTest extends VideoKeyRegistryContract {

    private static final String VIDEOS = "videos";

    private FakeTablestoreRows rows;

    @Override
    protected VideoKeyRegistry registry() {
        rows = new FakeTablestoreRows();
        new TablestoreSchema(rows, "tokens", VIDEOS).createTables();
        return new TablestoreVideoKeyRegistry(rows, VIDEOS);
    }

    @Test
    void registerIfAbsent_storesCiphertextCreationMillisAndKeyService() {
        VideoKeyRegistry registry = registry();
        Instant created = Instant.parse("2026-01-01T00:00:05Z");
        registry.registerIfAbsent(new VideoKey("v1", "EDK+/=", created));
        registry.registerIfAbsent(new VideoKey("v2", "VODEDK", KeyService.VOD, created));
        assertEquals(Map.of("ciphertext", ColumnValue.fromString("EDK+/="),
                "created_at_ms", ColumnValue.fromLong(created.toEpochMilli()),
                "key_service", ColumnValue.fromString("kms")), rows.row(VIDEOS, "v1"));
        assertEquals(ColumnValue.fromString("vod"), rows.row(VIDEOS, "v2").get("key_service"));
    }

    @Test
    void find_ofARowRegisteredBeforeKeyServiceWasStored_isAKmsKey_andItsJobStillWorks() {
        VideoKeyRegistry registry = registry();
        Instant created = Instant.parse("2025-06-01T00:00:00Z");
        rows.putRow(new com.alicloud.openservices.tablestore.model.PutRowRequest(
                new com.alicloud.openservices.tablestore.model.RowPutChange(VIDEOS,
                        TablestoreRequests.primaryKey(TablestoreVideoKeyRegistry.PK, "old"))
                        .addColumn("ciphertext", ColumnValue.fromString("T0xERURL"))
                        .addColumn("created_at_ms", ColumnValue.fromLong(created.toEpochMilli()))));

        assertEquals(new VideoKey("old", "T0xERURL", KeyService.KMS, created), registry.find("old").orElseThrow());
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission("old", "h1", created, Duration.ofMinutes(1)));
    }

    @Test
    void find_whenStoreTimesOut_isStoreUnavailable() {
        VideoKeyRegistry registry = registry();
        rows.failNextCall(new TableStoreException("timeout", null, "OTSTimeout", "req-2", 503));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.find("v1"));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }

    @Test
    void jobColumns_followClaimReleaseUncertainTakeoverAndMark() {
        VideoKeyRegistry registry = registry();
        Instant created = Instant.parse("2026-01-01T00:00:05Z");
        Map<String, ColumnValue> keyColumns = Map.of("ciphertext", ColumnValue.fromString("EDK"),
                "created_at_ms", ColumnValue.fromLong(created.toEpochMilli()),
                "key_service", ColumnValue.fromString("kms"));
        registry.registerIfAbsent(new VideoKey("v1", "EDK", created));

        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission("v1", "h1", created, Duration.ofMinutes(1)));
        Map<String, ColumnValue> claimed = new TreeMap<>(keyColumns);
        claimed.put("job_state", ColumnValue.fromString("SUBMITTING"));
        claimed.put("job_holder", ColumnValue.fromString("h1"));
        claimed.put("job_updated_at_ms", ColumnValue.fromLong(created.toEpochMilli()));
        assertEquals(claimed, rows.row(VIDEOS, "v1"));

        registry.releaseClaim("v1", "h1");
        assertEquals(keyColumns, rows.row(VIDEOS, "v1"));

        registry.claimSubmission("v1", "h2", created.plusSeconds(1), Duration.ofMinutes(1));
        registry.markUncertain("v1", "h2", created.plusSeconds(2));
        Map<String, ColumnValue> uncertain = new TreeMap<>(keyColumns);
        uncertain.put("job_state", ColumnValue.fromString("UNCERTAIN"));
        uncertain.put("job_holder", ColumnValue.fromString("h2"));
        uncertain.put("job_updated_at_ms", ColumnValue.fromLong(created.plusSeconds(2).toEpochMilli()));
        assertEquals(uncertain, rows.row(VIDEOS, "v1"));

        assertEquals(ClaimResult.TAKEN_OVER,
                registry.claimSubmission("v1", "h3", created.plusSeconds(3), Duration.ofMinutes(1)));
        registry.markSubmitted("v1", "h3", "job-1", created.plusSeconds(4));
        Map<String, ColumnValue> submitted = new TreeMap<>(keyColumns);
        submitted.put("job_state", ColumnValue.fromString("SUBMITTED"));
        submitted.put("job_id", ColumnValue.fromString("job-1"));
        submitted.put("job_updated_at_ms", ColumnValue.fromLong(created.plusSeconds(4).toEpochMilli()));
        assertEquals(submitted, rows.row(VIDEOS, "v1"));
    }

    @Test
    void claimSubmission_whenStoreBusy_isStoreUnavailableAndClaimsNothing() {
        VideoKeyRegistry registry = registry();
        registry.registerIfAbsent(new VideoKey("v1", "EDK", Instant.parse("2026-01-01T00:00:05Z")));
        rows.failNextCall(new TableStoreException("busy", null, "OTSServerBusy", "req-3", 503));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.claimSubmission("v1", "h1", Instant.parse("2026-01-01T00:00:06Z"),
                        Duration.ofMinutes(1)));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertFalse(rows.row(VIDEOS, "v1").containsKey("job_state"));
    }
}
