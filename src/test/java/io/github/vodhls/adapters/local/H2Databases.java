package io.github.vodhls.adapters.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Opens H2 databases under a test's temp dir, each in a fresh subdirectory, and closes them all at the end. */
final class H2Databases implements AutoCloseable {
    private final Path root;
    private final List<H2Database> opened = new ArrayList<>();

    H2Databases(Path root) {
        this.root = root;
    }

    /** A new, empty database in its own directory. */
    H2Database fresh() {
        return open(root.resolve("db-" + UUID.randomUUID()));
    }

    /** The database in {@code dataDir}, closed with the others at the end of the test. */
    H2Database open(Path dataDir) {
        H2Database database = H2Database.open(dataDir);
        opened.add(database);
        return database;
    }

    @Override
    public void close() {
        opened.forEach(H2Database::close);
    }
}
