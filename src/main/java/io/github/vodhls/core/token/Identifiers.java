package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.util.regex.Pattern;

/** Shape rules for the ids that travel in tokens, URLs and store keys. */
public final class Identifiers {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Identifiers() {
    }

    /** Returns the id if it is 1-128 characters of {@code A-Z a-z 0-9 . _ : @ -}; else a 400 naming the field. */
    public static String requireId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER, field + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    field + " must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
        }
        return value;
    }

    /** Whether the value is a well-formed id (what {@link #requireId} accepts). */
    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Returns the device label (or null) if it is 1-64 characters of {@code A-Z a-z 0-9 . _ : -}. */
    public static String optionalDevice(String value) {
        if (value == null) {
            return null;
        }
        if (!DEVICE.matcher(value).matches()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "device must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }
}
