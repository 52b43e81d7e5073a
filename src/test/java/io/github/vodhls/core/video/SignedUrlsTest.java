package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the end of a type A signed URL ({@code auth_key=<timestamp>-<rand>-<uid>-<md5hash>}). */
class SignedUrlsTest {

    @Test
    void anUnsignedUrl_hasNoEnd() {
        assertEquals(Optional.empty(), SignedUrls.signedUntil("https://vod.example.com/v/1/a.m3u8"));
        assertEquals(Optional.empty(), SignedUrls.signedUntil("https://vod.example.com/v/1/a.m3u8?rand=1&x=2"));
        assertEquals(Optional.empty(), SignedUrls.signedUntil(
                "https://vod.example.com/a.m3u8#auth_key=1444435200-0-0-0123456789abcdef0123456789abcdef"),
                "a fragment is not the query");
        assertEquals(Optional.empty(), SignedUrls.signedUntil("https://vod.example.com/a.m3u8?xauth_key=1444435200-0-0-f"));
    }

    @Test
    void theTimestampOfAuthKey_isTheEnd_andTheEarliestOfSeveralWins() {
        assertEquals(Optional.of(Instant.ofEpochSecond(1444435200L)), SignedUrls.signedUntil(
                "http://cdn.example.com/video/standard/1K.m3u8?auth_key=1444435200-0-0-80cd3862d699b7118eed99103f2a3a4f"));
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000L)), SignedUrls.signedUntil(
                "https://vod.example.com/a.m3u8?foo=bar&auth_key=1800000000-477b3bbc253f467b8def6711128c7bec-0-aa"
                        + "&auth_key=1700000000-0-0-bb#t=5"));
    }

    @Test
    void anAuthKeyWhoseTimestampCannotBeRead_endedLongAgo() {
        for (String authKey : new String[] {"", "abc", "144443520-0-0-f", "14444352000-0-0-f", "1444435200", "+444435200-0"}) {
            assertEquals(Optional.of(Instant.EPOCH),
                    SignedUrls.signedUntil("https://vod.example.com/a.m3u8?auth_key=" + authKey), authKey);
        }
    }
}
