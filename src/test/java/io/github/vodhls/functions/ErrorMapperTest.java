package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.core.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The one mapper: status, body and headers come from the error code, never from its name or class. */
class ErrorMapperTest {

    @Test
    void toResponse_whenTheCodeHasAChallenge_namesItInWwwAuthenticate() {
        HttpResponse r = ErrorMapper.toResponse(new CallerRejectedException(ErrorCode.API_KEY_MISSING, "no key"));
        assertEquals(401, r.status());
        assertEquals("Bearer", r.header("WWW-Authenticate"));
        assertEquals("{\"code\":\"API_KEY_MISSING\",\"message\":\"no key\"}", r.bodyText());
    }

    @Test
    void toResponse_whenAnUnauthenticatedCodeHasNoChallenge_sendsNoWwwAuthenticate() {
        HttpResponse r = ErrorMapper.toResponse(new TokenRejectedException(ErrorCode.TOKEN_EXPIRED, "expired"));
        assertEquals(401, r.status());
        assertNull(r.header("WWW-Authenticate"));
    }
}
