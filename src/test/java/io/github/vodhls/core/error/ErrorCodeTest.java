package io.github.vodhls.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The properties each code carries: the code, not its name or the exception type, is the classification. */
class ErrorCodeTest {

    @Test
    void challenge_isBearerForTheApiKeyCodes_andAbsentForEveryOther() {
        Set<ErrorCode> withChallenge = EnumSet.of(ErrorCode.API_KEY_MISSING, ErrorCode.API_KEY_INVALID);
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(withChallenge.contains(code) ? Optional.of("Bearer") : Optional.empty(), code.challenge(),
                    code.name());
        }
    }

    @Test
    void serverSideKinds_areThe5xxOnes_andOnlyTheTemporaryOnesSayRetryLater() {
        assertEquals(Set.of(ErrorKind.UNAVAILABLE, ErrorKind.IN_PROGRESS, ErrorKind.BAD_GATEWAY, ErrorKind.INTERNAL),
                Arrays.stream(ErrorKind.values()).filter(ErrorKind::serverSide).collect(Collectors.toSet()));
        assertEquals(Set.of(ErrorKind.UNAVAILABLE, ErrorKind.IN_PROGRESS, ErrorKind.TOO_MANY_REQUESTS),
                Arrays.stream(ErrorKind.values()).filter(ErrorKind::retryLater).collect(Collectors.toSet()));
    }

    @Test
    void theLimitCodes_areTooManyRequests_andTheViewersOverrideIsAnInvalidRequest() {
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED.kind());
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, ErrorCode.TOO_MANY_STREAMS.kind());
        assertEquals(ErrorKind.INVALID_REQUEST, ErrorCode.VIEWER_LIMITS_NOT_ALLOWED.kind());
    }

    @Test
    void transcodeInProgress_isThisServicesOwnWork_notADependencyFailure() {
        assertEquals(ErrorKind.IN_PROGRESS, ErrorCode.TRANSCODE_IN_PROGRESS.kind());
    }

    @Test
    void challenge_isOnlyOnUnauthenticatedCodes() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.challenge().isPresent()) {
                assertEquals(ErrorKind.UNAUTHENTICATED, code.kind(), code.name());
            }
        }
    }
}
