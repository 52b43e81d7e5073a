package io.github.vodhls.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CiphertextsTest {
    /** A ciphertext-shaped base64 value holding all three URL-unsafe characters. */
    private static final String CT = "NmE+ZjQx/2Y3YTk4+ZDUN2Yz++8=";

    private static void assertMalformed(String raw) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Ciphertexts.normalize(raw));
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, e.errorCode());
    }

    @Test
    void constant_isValidBase64WithPlusSlashAndPadding() {
        assertEquals(20, java.util.Base64.getDecoder().decode(CT).length);
    }

    @Test
    void normalize_whenPlainBase64_returnsItUnchanged() {
        assertEquals(CT, Ciphertexts.normalize(CT));
    }

    @Test
    void normalize_whenUrlEncoded_decodesOnce() {
        assertEquals(CT, Ciphertexts.normalize("NmE%2BZjQx%2F2Y3YTk4%2BZDUN2Yz%2B%2B8%3D"));
        assertEquals(CT, Ciphertexts.normalize("NmE%2bZjQx%2f2Y3YTk4%2bZDUN2Yz%2b%2b8%3d"));
    }

    @Test
    void normalize_whenPartlyEncodedWithLiteralPlus_keepsThePlus() {
        assertEquals(CT, Ciphertexts.normalize("NmE+ZjQx%2F2Y3YTk4+ZDUN2Yz++8%3D"));
    }

    @Test
    void normalize_whenPlusTurnedIntoSpace_restoresThePlus() {
        assertEquals(CT, Ciphertexts.normalize("NmE ZjQx/2Y3YTk4 ZDUN2Yz  8="));
    }

    @Test
    void normalize_whenEncodedAndPlusAsSpace_restoresBoth() {
        assertEquals(CT, Ciphertexts.normalize("NmE%20ZjQx%2F2Y3YTk4 ZDUN2Yz%2B 8%3D"));
    }

    @Test
    void normalize_whenDoubleEncoded_undoesBothLayers() {
        assertEquals(CT, Ciphertexts.normalize("NmE%252BZjQx%252F2Y3YTk4%252BZDUN2Yz%252B%252B8%253D"));
    }

    @Test
    void normalize_whenEncodedFourTimes_isMalformed() {
        assertMalformed("NmE%25252525252BZjQx");
    }

    @Test
    void normalize_whenLongerThanMax_isMalformed() {
        assertEquals(4096, Ciphertexts.normalize("A".repeat(Ciphertexts.MAX_LENGTH)).length());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Ciphertexts.normalize("A".repeat(Ciphertexts.MAX_LENGTH + 4)));
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, e.errorCode());
        assertEquals("Ciphertext is longer than 4096 characters", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc$def=", "abcde", "ab=cd", "%zz", "abc%", "<script>", "a-b_cd==", "   "})
    void normalize_whenNotBase64_isMalformed(String raw) {
        assertMalformed(raw);
    }

    @Test
    void normalize_whenMissing_isMissingParameter() {
        assertEquals(ErrorCode.MISSING_PARAMETER,
                assertThrows(InvalidRequestException.class, () -> Ciphertexts.normalize("")).errorCode());
        assertEquals(ErrorCode.MISSING_PARAMETER,
                assertThrows(InvalidRequestException.class, () -> Ciphertexts.normalize(null)).errorCode());
    }

    @Test
    void sameCiphertext_comparesExactly() {
        assertTrue(Ciphertexts.sameCiphertext(CT, new String(CT.toCharArray())));
        assertFalse(Ciphertexts.sameCiphertext(CT, CT.replace('+', '-')));
        assertFalse(Ciphertexts.sameCiphertext(CT, CT + "A"));
    }

    @Test
    void decryptKeyUri_percentEncodesPlusSlashAndEquals() {
        String uri = Ciphertexts.decryptKeyUri("https://key.example.com/decrypt", CT);

        assertEquals("https://key.example.com/decrypt?Ciphertext=NmE%2BZjQx%2F2Y3YTk4%2BZDUN2Yz%2B%2B8%3D", uri);
        assertEquals("Ciphertext=" + CT, URLDecoder.decode(URI.create(uri).getRawQuery(), StandardCharsets.UTF_8));
    }

    @Test
    void decryptKeyUri_whenBaseHasQuery_appendsWithAmpersand() {
        assertEquals("https://key.example.com/k?v=1&Ciphertext=NmE%2BZjQx%2F2Y3YTk4%2BZDUN2Yz%2B%2B8%3D",
                Ciphertexts.decryptKeyUri("https://key.example.com/k?v=1", CT));
    }

    @Test
    void decryptKeyUri_thenNormalizeOfItsParameter_roundTrips() {
        String uri = Ciphertexts.decryptKeyUri("https://key.example.com/decrypt", CT);
        String rawParameter = uri.substring(uri.indexOf("Ciphertext=") + "Ciphertext=".length());
        // Whether the front end decoded the query (FC does) or passed it through raw, normalize gives the same.
        assertEquals(CT, Ciphertexts.normalize(URLDecoder.decode(rawParameter, StandardCharsets.UTF_8)));
        assertEquals(CT, Ciphertexts.normalize(rawParameter));
    }

    @Test
    void normalize_whenTheFirstOrLastCharacterIsAPlusThatArrivedAsASpace_keepsIt() {
        // base64 may start (or, unpadded, end) with '+'; a query decoded as a form turns it into a space
        assertEquals("+AbC/dEfGh+=", Ciphertexts.normalize(" AbC/dEfGh ="));
        assertEquals("+AbC/dEf", Ciphertexts.normalize(" AbC/dEf"));
        assertEquals("AbC/dEf+", Ciphertexts.normalize("AbC/dEf "));
        assertEquals("AbC/dEf+", Ciphertexts.normalize("AbC/dEf \n"), "a trailing newline is still not part of it");
    }
}
