package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a viewer's token may go: the attacks of a hostile origin playlist, each a URI that must not get it. */
class TokenTargetsTest {
    private final TokenTargets targets = TokenTargets.of(List.of("https://key.example.com/decrypt",
            "cdn.example.com:8443", "http://127.0.0.1:8080"));

    @Test
    void relativeUris_andTheListedHosts_getTheToken() {
        for (String uri : List.of("index.m3u8", "sd/index.m3u8", "/media/v/index.m3u8", "../v/x.m3u8",
                "https://key.example.com/decrypt?Ciphertext=QUJD", "HTTPS://KEY.EXAMPLE.COM:443/decrypt",
                "https://key.example.com./decrypt", "//key.example.com/decrypt", "https://cdn.example.com:8443/a.m3u8",
                "http://127.0.0.1:8080/decrypt?Ciphertext=x", "https://media.example.com/media/v/sd.m3u8")) {
            assertTrue(targets.mayCarry(uri, "media.example.com"), uri);
        }
    }

    @Test
    void everyOtherUri_isLeftWithoutIt() {
        for (String uri : List.of("https://attacker.example/k", "//other-host/k", "//attacker.example/k",
                "http://key.example.com/decrypt", "ftp://key.example.com/k", "javascript:alert(1)",
                "https://key.example.com@attacker.example/k", "https://attacker.example\\@key.example.com/k",
                "https://key.example.com.attacker.example/k", "https://key.example.com:444/k",
                "https://cdn.example.com/a.m3u8", "http://127.0.0.1:8081/decrypt", "https://127.0.0.1:8080/x",
                "http://media.example.com/media/v/sd.m3u8", "https:attacker.example/k", "mailto:a@b.example",
                // resolved by browsers' URL parser (video.js) to https://attacker.example/...
                "\\\\attacker.example/x", "/\\attacker.example/x", "/\t/attacker.example/x", "https\t://attacker.example/x",
                "/\n/attacker.example/x", "sd/index.m3u8\u007f")) {
            assertFalse(targets.mayCarry(uri, "media.example.com"), uri);
        }
    }

    @Test
    void withoutARequestHost_onlyTheListIsTrusted() {
        assertFalse(targets.mayCarry("https://media.example.com/media/v/sd.m3u8", null));
        assertTrue(targets.mayCarry("sd.m3u8", null));
        assertFalse(TokenTargets.of(List.of()).mayCarry("https://key.example.com/decrypt", null));
    }

    @Test
    void anEntryWithoutAHost_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenTargets.of(List.of("https://")));
        assertThrows(IllegalArgumentException.class, () -> TokenTargets.of(List.of("host:port")));
    }
}
