package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistry.ClaimResult;
import io.github.vodhls.core.video.VideoKeyRegistryContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2VideoKeyRegistryTest extends VideoKeyRegistryContract {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.987654321Z");

    @TempDir
    Path tempDir;

    private H2Databases databases;

    @BeforeEach
    void openDatabases() {
        databases = new H2Databases(tempDir);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Override
    protected VideoKeyRegistry registry() {
        return new H2VideoKeyRegistry(databases.fresh());
    }

    @Test
    void registration_madeBeforeRestart_isFoundAndKeptAfterReopen() {
        Path dataDir = tempDir.resolve("data");
        VideoKey first = new VideoKey("video-1", "Q2lwaGVy+/=", KeyService.VOD, CREATED);
        H2Database before = databases.open(dataDir);
        new H2VideoKeyRegistry(before).registerIfAbsent(first);
        before.close();

        H2VideoKeyRegistry after = new H2VideoKeyRegistry(databases.open(dataDir));

        assertEquals(first, after.find("video-1").orElseThrow());
        assertEquals(first, after.registerIfAbsent(new VideoKey("video-1", "other", CREATED.plusSeconds(1))));
    }

    @Test
    void find_afterDatabaseClosed_isStoreUnavailable() {
        H2Database database = databases.fresh();
        H2VideoKeyRegistry registry = new H2VideoKeyRegistry(database);
        database.close();

        DependencyUnavailableException e =
                assertThrows(DependencyUnavailableException.class, () -> registry.find("video-1"));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }

    @Test
    void open_whenDataDirHasTheSchemaBeforeJobColumns_addsThemAndKeepsTheKeys() throws Exception {
        Path dataDir = tempDir.resolve("old");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath(), "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE video_keys (video_id VARCHAR PRIMARY KEY, ciphertext VARCHAR NOT NULL, "
                    + "created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO video_keys VALUES (?, ?, ?)")) {
                insert.setString(1, "video-1");
                insert.setString(2, "EDK");
                insert.setObject(3, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
                insert.executeUpdate();
            }
        }

        H2VideoKeyRegistry registry = new H2VideoKeyRegistry(databases.open(dataDir));

        assertEquals(new VideoKey("video-1", "EDK", KeyService.KMS, CREATED), registry.find("video-1").orElseThrow(),
                "a row from before key_service existed is a KMS key");
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission("video-1", "h1", CREATED, Duration.ofMinutes(1)));
        assertEquals(JobRecord.submitting("h1", CREATED), registry.job("video-1").orElseThrow());
    }

    @Test
    void open_whenDataDirHasAClaimFromBeforeHolders_reportsAnUnknownHolder_andLetsItBeTakenOverAfterTheLease()
            throws Exception {
        Path dataDir = tempDir.resolve("before-holders");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath(), "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE video_keys (video_id VARCHAR PRIMARY KEY, ciphertext VARCHAR NOT NULL, "
                    + "created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, job_state VARCHAR, job_id VARCHAR, "
                    + "job_updated_at TIMESTAMP(9) WITH TIME ZONE)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO video_keys VALUES (?, 'EDK', ?, 'SUBMITTING', NULL, ?)")) {
                insert.setString(1, "video-1");
                insert.setObject(2, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
                insert.setObject(3, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
                insert.executeUpdate();
            }
        }

        H2VideoKeyRegistry registry = new H2VideoKeyRegistry(databases.open(dataDir));

        assertEquals(JobRecord.submitting(H2VideoKeyRegistry.UNKNOWN_HOLDER, CREATED),
                registry.job("video-1").orElseThrow());
        registry.releaseClaim("video-1", H2VideoKeyRegistry.UNKNOWN_HOLDER);
        assertEquals(JobRecord.State.SUBMITTING, registry.job("video-1").orElseThrow().state(),
                "no holder id matches a claim that has none");
        assertEquals(ClaimResult.TAKEN_OVER, registry.claimSubmission("video-1", "h1",
                CREATED.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1)));
    }

    @Test
    void jobRecord_madeBeforeRestart_isKeptAfterReopen() {
        Path dataDir = tempDir.resolve("data");
        H2Database before = databases.open(dataDir);
        H2VideoKeyRegistry first = new H2VideoKeyRegistry(before);
        first.registerIfAbsent(new VideoKey("video-1", "EDK", CREATED));
        first.claimSubmission("video-1", "h1", CREATED, Duration.ofMinutes(1));
        first.markSubmitted("video-1", "h1", "job-1", CREATED.plusSeconds(1));
        before.close();

        H2VideoKeyRegistry after = new H2VideoKeyRegistry(databases.open(dataDir));

        assertEquals(JobRecord.submitted("job-1", CREATED.plusSeconds(1)), after.job("video-1").orElseThrow());
        assertEquals(ClaimResult.ALREADY_SUBMITTED,
                after.claimSubmission("video-1", "h2", CREATED.plusSeconds(2), Duration.ofMinutes(1)));
    }
}
