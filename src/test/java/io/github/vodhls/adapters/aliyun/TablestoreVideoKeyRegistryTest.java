package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistryContract;
import java.time.Instant;
import java.util.Map;
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
    void registerIfAbsent_storesCiphertextAndCreationMillis() {
        VideoKeyRegistry registry = registry();
        Instant created = Instant.parse("2026-01-01T00:00:05Z");
        registry.registerIfAbsent(new VideoKey("v1", "EDK+/=", created));
        assertEquals(Map.of("ciphertext", ColumnValue.fromString("EDK+/="),
                "created_at_ms", ColumnValue.fromLong(created.toEpochMilli())), rows.row(VIDEOS, "v1"));
    }

    @Test
    void find_whenStoreTimesOut_isStoreUnavailable() {
        VideoKeyRegistry registry = registry();
        rows.failNextCall(new TableStoreException("timeout", null, "OTSTimeout", "req-2", 503));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.find("v1"));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }
}
