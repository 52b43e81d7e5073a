package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.fc.runtime.Credentials;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.exceptions.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoleCredentialsTest {
    private static final String ID = "STS.NUgYrLnoC37mZZCNnAbez2GsU";
    private static final String SECRET = "GsUxXTL8t9uKYzg3v6mNdqbF8mQFaNwNn6AEeB9hDqd";
    private static final String TOKEN = "CAISzQJ1q6Ft5B2yfSjIr5bkLt3u3e1mj";


    @Test
    void getCredentials_whenSeededWithStsToken_givesSessionCredentials() throws Exception {
        AlibabaCloudCredentials c = new RoleCredentials(ID, SECRET, TOKEN).getCredentials();
        BasicSessionCredentials session = assertInstanceOf(BasicSessionCredentials.class, c);
        assertEquals(ID, session.getAccessKeyId());
        assertEquals(SECRET, session.getAccessKeySecret());
        assertEquals(TOKEN, session.getSessionToken());
    }

    @Test
    void getCredentials_whenSeededWithoutToken_givesBasicCredentials() throws Exception {
        AlibabaCloudCredentials c = new RoleCredentials("STS.example-key-id", SECRET, "").getCredentials();
        assertEquals(BasicCredentials.class, c.getClass());
        assertEquals("STS.example-key-id", c.getAccessKeyId());
    }

    @Test
    void update_withNewFcCredentials_changesWhatTheProviderReturns() throws Exception {
        RoleCredentials credentials = new RoleCredentials(ID, SECRET, TOKEN);
        credentials.update("STS.rotated", "rotated-secret", "rotated-token");
        BasicSessionCredentials c = (BasicSessionCredentials) credentials.getCredentials();
        assertEquals("STS.rotated", c.getAccessKeyId());
        assertEquals("rotated-secret", c.getAccessKeySecret());
        assertEquals("rotated-token", c.getSessionToken());
    }

    @Test
    void update_withUnchangedCredentials_keepsTheSameInstance() throws Exception {
        RoleCredentials credentials = new RoleCredentials(ID, SECRET, TOKEN);
        AlibabaCloudCredentials before = credentials.getCredentials();
        credentials.update(ID, SECRET, TOKEN);
        assertSame(before, credentials.getCredentials());
    }

    @Test
    void update_withNullOrIncompleteCredentials_keepsTheWorkingOnes() throws Exception {
        RoleCredentials credentials = new RoleCredentials(ID, SECRET, TOKEN);
        credentials.update(null, null, null);
        credentials.update(null, null, null);
        credentials.update("STS.other", "", "t");
        assertEquals(ID, credentials.getCredentials().getAccessKeyId());
    }

    @Test
    void update_whenSeededEmpty_makesCredentialsAvailable() throws Exception {
        RoleCredentials credentials = new RoleCredentials(null, null, null);
        assertFalse(credentials.isPresent());
        credentials.update(ID, SECRET, TOKEN);
        assertTrue(credentials.isPresent());
        assertEquals(ID, credentials.getCredentials().getAccessKeyId());
    }

    @Test
    void getCredentials_whenNoCredentialsAtAll_failsClosedWithAClearMessage() {
        RoleCredentials credentials = new RoleCredentials(null, "", null);
        ClientException e = assertThrows(ClientException.class, credentials::getCredentials);
        assertEquals(RoleCredentials.NO_CREDENTIALS_CODE, e.getErrCode());
        assertTrue(e.getErrMsg().contains("no role credentials"));
        assertTrue(e.getErrMsg().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
        assertTrue(e.getErrMsg().contains("getExecutionCredentials"));
    }

    @Test
    void constructor_withKeyIdButNoSecret_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoleCredentials(ID, " ", TOKEN));
        assertFalse(e.getMessage().contains(ID));
    }

    @Test
    void constructor_withSecretButNoKeyId_isRefusedWithoutTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoleCredentials(null, SECRET, TOKEN));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void toString_neverShowsSecretTokenOrWholeKeyId() {
        RoleCredentials credentials = new RoleCredentials(ID, SECRET, TOKEN);
        credentials.update("STS.NUgYrLnoC37mZZCNnAbez9999", "second-secret", "second-token");
        String shown = credentials.toString();
        assertFalse(shown.contains("second-secret"), shown);
        assertFalse(shown.contains("second-token"), shown);
        assertFalse(shown.contains("STS.NUgYrLnoC37mZZCNnAbez9999"), shown);
        assertTrue(shown.contains("****9999"), shown);
        assertEquals("RoleCredentials[none]", new RoleCredentials(null, null, null).toString());
    }

    @Test
    void getCredentials_duringConcurrentUpdates_neverMixesTwoSets() throws Exception {
        RoleCredentials credentials = new RoleCredentials("A-id", "A-secret", "A-token");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String set = i % 2 == 0 ? "A" : "B";
                        credentials.update(set + "-id", set + "-secret", set + "-token");
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        BasicSessionCredentials c = (BasicSessionCredentials) credentials.getCredentials();
                        String set = c.getAccessKeyId().substring(0, 1);
                        assertEquals(set + "-secret", c.getAccessKeySecret());
                        assertEquals(set + "-token", c.getSessionToken());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
