package io.github.vodhls.wiring;

import io.github.vodhls.adapters.aliyun.SyncClientTablestoreRows;
import io.github.vodhls.adapters.aliyun.TablestoreSchema;
import io.github.vodhls.core.error.VodHlsException;
import java.io.PrintStream;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import java.util.Map;

/**
 * Command line that creates the Tablestore tables, idempotently:
 * {@code java -cp target/vod-hls-encryption.jar io.github.vodhls.wiring.CreateTablestoreTables}.
 *
 * <p>Reads {@code TABLESTORE_ENDPOINT}, {@code TABLESTORE_INSTANCE}, {@code TABLESTORE_TOKEN_TABLE},
 * {@code TABLESTORE_VIDEO_TABLE} and {@code TOKEN_MAX_TTL_SECONDS} through the configuration schema (defaults and
 * bounds of docs/configuration.md),
 * {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and the optional
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN}. Exit 0 when both tables exist afterwards, 2 when a variable is missing,
 * 1 when Tablestore fails. Never prints a credential.
 */
public final class CreateTablestoreTables {

    /** Builds the schema creator from the settings; the seam tests replace. */
    @FunctionalInterface
    interface SchemaFactory {
        Schema open(Settings settings);
    }

    /** The schema creator and whatever it must release. */
    interface Schema extends AutoCloseable {
        Map<String, TablestoreSchema.Outcome> createTables();

        @Override
        void close();
    }

    /** The variables read from the environment. {@link #toString()} leaves the credentials out. */
    static final class Settings {
        final String endpoint;
        final String instance;
        final String tokenTable;
        final String videoTable;
        final String accessKeyId;
        final String accessKeySecret;
        final String securityToken;
        final int tokenTableTtlSeconds;

        /**
         * The Tablestore settings through the one configuration schema (its defaults and bounds, e.g. for the table
         * names and TOKEN_MAX_TTL_SECONDS); the credentials, which are not configuration, straight from the
         * environment.
         */
        Settings(Map<String, String> env) {
            Config config;
            try {
                config = Config.from(env);
            } catch (ConfigurationException e) {
                throw MissingVariable.invalid(e.getMessage());
            }
            endpoint = setting(config, ConfigVariable.TABLESTORE_ENDPOINT);
            instance = setting(config, ConfigVariable.TABLESTORE_INSTANCE);
            tokenTable = config.get(ConfigVariable.TABLESTORE_TOKEN_TABLE);
            videoTable = config.get(ConfigVariable.TABLESTORE_VIDEO_TABLE);
            accessKeyId = required(env, "ALIBABA_CLOUD_ACCESS_KEY_ID");
            accessKeySecret = required(env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
            securityToken = optional(env, "ALIBABA_CLOUD_SECURITY_TOKEN", null);
            tokenTableTtlSeconds = TablestoreSchema.tokenTableTtlFor(
                    config.integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS));
        }

        private static String setting(Config config, ConfigVariable variable) {
            if (!config.isSet(variable)) {
                throw new MissingVariable(variable.name());
            }
            return config.get(variable);
        }

        @Override
        public String toString() {
            return "instance " + instance + " at " + endpoint;
        }
    }

    /** Signals a missing variable; carries only its name. */
    static final class MissingVariable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingVariable(String name) {
            this("missing environment variable " + name, true);
        }

        private MissingVariable(String message, boolean unused) {
            super(message, null, false, false);
        }

        /** A variable that is set but invalid; the message names it (and never quotes a secret). */
        static MissingVariable invalid(String problem) {
            return new MissingVariable("invalid environment: " + problem, true);
        }
    }

    private CreateTablestoreTables() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err, CreateTablestoreTables::connect));
    }

    static int run(Map<String, String> env, PrintStream out, PrintStream err, SchemaFactory factory) {
        Settings settings;
        try {
            settings = new Settings(env);
        } catch (MissingVariable e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (Schema schema = factory.open(settings)) {
            schema.createTables().forEach((table, outcome) -> out.println(
                    outcome == TablestoreSchema.Outcome.CREATED ? "created table " + table
                            : "table " + table + " already exists"));
            return 0;
        } catch (VodHlsException e) {
            err.println("error: " + e.getMessage() + " (" + settings + ")");
            return 1;
        }
    }

    private static Schema connect(Settings s) {
        SyncClientTablestoreRows rows = SyncClientTablestoreRows.connect(s.endpoint, s.instance, s.accessKeyId,
                s.accessKeySecret, s.securityToken);
        TablestoreSchema schema = new TablestoreSchema(rows, s.tokenTable, s.videoTable, s.tokenTableTtlSeconds);
        return new Schema() {
            @Override
            public Map<String, TablestoreSchema.Outcome> createTables() {
                return schema.createTables();
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingVariable(name);
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
