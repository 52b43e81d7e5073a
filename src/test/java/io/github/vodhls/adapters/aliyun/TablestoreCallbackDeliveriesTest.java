package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.CallbackDeliveriesContract;
import io.github.vodhls.core.video.VideoKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deliveries contract against the real adapter over a fake that enforces Tablestore's semantics. */
class TablestoreCallbackDeliveriesTest extends CallbackDeliveriesContract {
    private static final String VIDEOS = "videos";

    private FakeTablestoreRows rows;

    @Override
    protected CallbackDeliveries deliveries() {
        rows = new FakeTablestoreRows();
        new TablestoreSchema(rows, "tokens", VIDEOS).createTables();
        return new TablestoreCallbackDeliveries(rows, VIDEOS);
    }

    @Test
    void binding_isARowOfTheVideoTable_thatNoVideoLookupSees() {
        CallbackDeliveries deliveries = deliveries();
        Instant expires = Instant.parse("2026-01-01T00:05:00Z");
        deliveries.bind("0123abcd", "a".repeat(64), expires, Instant.parse("2026-01-01T00:00:00Z"));

        assertEquals(Map.of("callback_body_sha256", ColumnValue.fromString("a".repeat(64)),
                "callback_expires_at_ms", ColumnValue.fromLong(expires.toEpochMilli())),
                rows.row(VIDEOS, "callback#0123abcd"));
        TablestoreVideoKeyRegistry videos = new TablestoreVideoKeyRegistry(rows, VIDEOS);
        assertFalse(videos.find("callback#0123abcd").isPresent());
        assertFalse(videos.job("callback#0123abcd").isPresent());
        videos.registerIfAbsent(new VideoKey("0123abcd", "EDK", expires));
        assertEquals(CallbackDeliveries.Binding.SAME_BODY, deliveries.bind("0123abcd", "a".repeat(64), expires,
                expires));
    }
}
