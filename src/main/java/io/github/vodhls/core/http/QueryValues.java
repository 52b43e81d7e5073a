package io.github.vodhls.core.http;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;

/** Reading query values as FC delivers them. */
public final class QueryValues {
    private QueryValues() {
    }

    /**
     * FC joins repeated query values with commas; neither base64 nor a compact JWS contains one. A value repeated
     * identically (a CDN appending the token a second time) is accepted once; two different values are refused.
     */
    public static String single(String name, String value) {
        if (value == null || value.indexOf(',') < 0) {
            return value;
        }
        String[] parts = value.split(",", -1);
        for (String part : parts) {
            if (!part.equals(parts[0])) {
                throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                        name + " is given more than once with different values");
            }
        }
        return parts[0];
    }
}
