package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import io.github.vodhls.core.error.LimitExceededException;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
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
    void toResponse_transcodeInProgress_is503WithRetryAfter_andAFixedSentence() {
        HttpResponse r = ErrorMapper.toResponse(new InProgressException(ErrorCode.TRANSCODE_IN_PROGRESS,
                "another delivery of this event is submitting video v1's transcoding"));
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertEquals("{\"code\":\"TRANSCODE_IN_PROGRESS\",\"message\":\"transcode in progress; the function log has "
                + "details\"}", r.bodyText());
    }

    @Test
    void toResponse_aLimit_is429WithItsOwnRetryAfter_andItsMessage() {
        HttpResponse r = ErrorMapper.toResponse(new LimitExceededException(ErrorCode.RATE_LIMITED,
                "viewer alice requested 30 tokens in the last 60 s (limit 30); retry in 42 s", 42));
        assertEquals(429, r.status());
        assertEquals("42", r.header("Retry-After"));
        assertEquals("{\"code\":\"RATE_LIMITED\",\"message\":\"viewer alice requested 30 tokens in the last 60 s "
                + "(limit 30); retry in 42 s\"}", r.bodyText());
    }

    @Test
    void toResponse_originResponseInvalid_is502WithoutRetryAfter() {
        HttpResponse r = ErrorMapper.toResponse(new UpstreamResponseInvalidException(
                ErrorCode.ORIGIN_RESPONSE_INVALID, "origin file v1/index.m3u8 does not start with #EXTM3U"));
        assertEquals(502, r.status());
        assertNull(r.header("Retry-After"));
        assertEquals("{\"code\":\"ORIGIN_RESPONSE_INVALID\",\"message\":\"the media origin returned something that is "
                + "not an HLS playlist\"}", r.bodyText());
    }

    @Test
    void toResponse_whenAnUnauthenticatedCodeHasNoChallenge_sendsNoWwwAuthenticate() {
        HttpResponse r = ErrorMapper.toResponse(new io.github.vodhls.core.error.CallerRejectedException(
                ErrorCode.LOGIN_TOKEN_EXPIRED, "expired"));
        assertEquals(401, r.status());
        assertNull(r.header("WWW-Authenticate"));
    }
}
