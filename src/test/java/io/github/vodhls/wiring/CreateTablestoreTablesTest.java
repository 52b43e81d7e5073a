package io.github.vodhls.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.vodhls.adapters.aliyun.TablestoreSchema.Outcome;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateTablestoreTablesTest {

    private static final String SECRET = "s3cr3t-AccessKeySecret";
    private static final String STS = "sts-token-value";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CreateTablestoreTables.Settings seen;

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TABLESTORE_ENDPOINT", "https://inst.cn-hangzhou.ots.aliyuncs.com");
        env.put("TABLESTORE_INSTANCE", "inst");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.test-key-id");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", STS);
        return env;
    }

    private int run(Map<String, String> env, Map<String, Outcome> outcomes, RuntimeException failure) {
        return CreateTablestoreTables.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), settings -> {
                    seen = settings;
                    return new CreateTablestoreTables.Schema() {
                        @Override
                        public Map<String, Outcome> createTables() {
                            if (failure != null) {
                                throw failure;
                            }
                            return outcomes;
                        }

                        @Override
                        public void close() {
                        }
                    };
                });
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_whenAllSet_createsDefaultTablesAndExitsZero() {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put("vod_hls_tokens", Outcome.CREATED);
        outcomes.put("vod_hls_videos", Outcome.ALREADY_EXISTS);
        assertEquals(0, run(env(), outcomes, null));
        assertEquals("vod_hls_tokens", seen.tokenTable);
        assertEquals("vod_hls_videos", seen.videoTable);
        assertEquals(STS, seen.securityToken);
        assertEquals("created table vod_hls_tokens" + System.lineSeparator() + "table vod_hls_videos already exists"
                + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_whenTableNamesSet_usesThem() {
        Map<String, String> env = env();
        env.put("TABLESTORE_TOKEN_TABLE", "t2");
        env.put("TABLESTORE_VIDEO_TABLE", "v2");
        run(env, Map.of(), null);
        assertEquals("t2", seen.tokenTable);
        assertEquals("v2", seen.videoTable);
    }

    @Test
    void run_whenSecurityTokenAbsent_connectsWithoutOne() {
        Map<String, String> env = env();
        env.remove("ALIBABA_CLOUD_SECURITY_TOKEN");
        assertEquals(0, run(env, Map.of(), null));
        assertEquals(null, seen.securityToken);
    }

    @Test
    void run_whenATableSettingBreaksTheSchema_namesItAndExitsTwo_withoutConnecting() {
        Map<String, String> env = env();
        env.put("TOKEN_MAX_TTL_SECONDS", "99999999");
        assertEquals(2, run(env, Map.of(), null));
        assertEquals("error: invalid environment: TOKEN_MAX_TTL_SECONDS: must be between 1 and 31536000, got 99999999"
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertEquals(null, seen);
    }

    @Test
    void run_whenAVariableIsMissing_namesItAndExitsTwo() {
        for (String name : new String[] {"TABLESTORE_ENDPOINT", "TABLESTORE_INSTANCE", "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET"}) {
            out.reset();
            err.reset();
            seen = null;
            Map<String, String> env = env();
            env.remove(name);
            assertEquals(2, run(env, Map.of(), null), name);
            assertEquals("error: missing environment variable " + name + System.lineSeparator(),
                    err.toString(StandardCharsets.UTF_8));
            if (seen != null) {
                fail("connected without " + name);
            }
            assertFalse(printed().contains(SECRET));
        }
    }

    @Test
    void run_whenTablestoreFails_exitsOneWithoutPrintingSecrets() {
        assertEquals(1, run(env(), Map.of(), new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                "Tablestore CreateTable on table vod_hls_tokens failed: OTSAuthFailed")));
        String printed = printed();
        assertEquals("error: Tablestore CreateTable on table vod_hls_tokens failed: OTSAuthFailed "
                + "(instance inst at https://inst.cn-hangzhou.ots.aliyuncs.com)" + System.lineSeparator(), printed);
        assertFalse(printed.contains(SECRET) || printed.contains(STS) || printed.contains("STS.test-key-id"));
    }
}
