package io.github.vodhls.core.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.TestKeys;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
    private final String key = TestKeys.randomBase64(24);
    private final String otherKey = TestKeys.randomBase64(24);

    private static ErrorCode rejection(ApiKeyAuthenticator auth, String header) {
        return assertThrows(CallerRejectedException.class, () -> auth.authenticate(header)).errorCode();
    }

    @Test
    void sha256Hex_ofKnownInput_matchesTheFips180Vector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ApiKeyAuthenticator.sha256Hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ApiKeyAuthenticator.sha256Hex(""));
    }

    @Test
    void authenticate_whenHeaderMissing_isApiKeyMissing() {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(ApiKeyAuthenticator.sha256Hex(key)));
        assertEquals(ErrorCode.API_KEY_MISSING, rejection(auth, null));
        assertEquals(ErrorCode.API_KEY_MISSING, rejection(auth, ""));
    }

    @Test
    void authenticate_whenNotBearerScheme_isApiKeyMissing() {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(ApiKeyAuthenticator.sha256Hex(key)));
        assertEquals(ErrorCode.API_KEY_MISSING, rejection(auth, "Basic " + key));
        assertEquals(ErrorCode.API_KEY_MISSING, rejection(auth, key));
        assertEquals(ErrorCode.API_KEY_MISSING, rejection(auth, "Bearer"));
    }

    @Test
    void authenticate_whenKeyWrong_isApiKeyInvalidWithoutEchoingIt() {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(ApiKeyAuthenticator.sha256Hex(key)));
        CallerRejectedException e = assertThrows(CallerRejectedException.class,
                () -> auth.authenticate("Bearer " + otherKey));
        assertEquals(ErrorCode.API_KEY_INVALID, e.errorCode());
        assertFalse(e.getMessage().contains(otherKey));
    }

    @Test
    void authenticate_whenKeyIsTheHashItself_isApiKeyInvalid() {
        String hash = ApiKeyAuthenticator.sha256Hex(key);
        assertEquals(ErrorCode.API_KEY_INVALID, rejection(new ApiKeyAuthenticator(List.of(hash)), "Bearer " + hash));
    }

    @Test
    void authenticate_whenKeyOversized_isApiKeyInvalid() {
        String huge = "k".repeat(513);
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(ApiKeyAuthenticator.sha256Hex(huge)));
        assertEquals(ErrorCode.API_KEY_INVALID, rejection(auth, "Bearer " + huge));
    }

    @Test
    void authenticate_whenKeyMatchesAnyOfSeveralHashes_isAccepted() {
        String third = TestKeys.randomBase64(24);
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(ApiKeyAuthenticator.sha256Hex(otherKey),
                ApiKeyAuthenticator.sha256Hex(key).toUpperCase(Locale.ROOT), ApiKeyAuthenticator.sha256Hex(third)));

        assertDoesNotThrow(() -> auth.authenticate("Bearer " + key));
        assertDoesNotThrow(() -> auth.authenticate("bearer  " + third + " "));
        assertDoesNotThrow(() -> auth.authenticate("BEARER " + otherKey));
        assertEquals(ErrorCode.API_KEY_INVALID, rejection(auth, "Bearer " + key + "x"));
    }

    @Test
    void authenticate_whenNoHashesConfigured_refusesEveryKey() {
        assertEquals(ErrorCode.API_KEY_INVALID, rejection(new ApiKeyAuthenticator(List.of()), "Bearer " + key));
    }
}
