package io.github.vodhls.adapters.aliyun;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InternalFailureException;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.keys.DataKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * What the two data-key adapters ({@link KmsKeyManagement}, {@link VodKeyManagement}) check the same way: a
 * ciphertext before it costs a call, and the answers that carry a data key. A plaintext that is not exactly 16 bytes
 * is refused with {@link ErrorCode#KEY_INVALID} (a wrong key must never reach a player); messages name the service,
 * the operation and the request id, never a key.
 */
final class DataKeyAnswers {

    /** Longest ciphertext accepted (base64 characters); real data-key ciphertexts are about 100–200. */
    static final int MAX_CIPHERTEXT_CHARS = 8192;
    private static final int KEY_BYTES = 16;

    private DataKeyAnswers() {
    }

    /** Refuses, before any call, a ciphertext that is empty, too long or not padded base64. */
    static void checkCiphertext(String ciphertext) {
        if (ciphertext == null || ciphertext.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED, "ciphertext is empty");
        }
        if (ciphertext.length() > MAX_CIPHERTEXT_CHARS) {
            throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED, "ciphertext is " + ciphertext.length()
                    + " characters long, at most " + MAX_CIPHERTEXT_CHARS + " are accepted");
        }
        try {
            if (ciphertext.length() % 4 != 0) {
                throw new IllegalArgumentException("unpadded");
            }
            Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED, "ciphertext is not padded base64");
        }
    }

    /** The {@code CiphertextBlob} of a generate answer; an answer without one is broken. */
    static String requireCiphertext(String service, String operation, String ciphertext, String requestId) {
        if (ciphertext == null || ciphertext.isEmpty()) {
            throw new InternalFailureException(ErrorCode.KEY_INVALID, service + " " + operation
                    + " returned no CiphertextBlob (request id " + requestId + ")");
        }
        return ciphertext;
    }

    /**
     * The data key of a generate answer: its {@code CiphertextBlob} and its decoded {@code Plaintext} (the decoded
     * bytes are wiped once the {@link DataKey} holds its own copy).
     */
    static DataKey dataKey(String service, String operation, String ciphertextBlob, String plaintextBase64,
            String requestId) {
        String ciphertext = requireCiphertext(service, operation, ciphertextBlob, requestId);
        byte[] plaintext = decodeKey(service, operation, plaintextBase64, requestId);
        try {
            return new DataKey(ciphertext, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Decodes a base64 {@code Plaintext}; anything but 16 bytes is a broken answer, never passed on. */
    static byte[] decodeKey(String service, String operation, String plaintextBase64, String requestId) {
        String where = service + " " + operation + " (request id " + requestId + ")";
        if (plaintextBase64 == null || plaintextBase64.isEmpty()) {
            throw new InternalFailureException(ErrorCode.KEY_INVALID, where + " returned no Plaintext");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(plaintextBase64);
        } catch (IllegalArgumentException e) {
            throw new InternalFailureException(ErrorCode.KEY_INVALID,
                    where + " returned a Plaintext that is not base64");
        }
        if (key.length != KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new InternalFailureException(ErrorCode.KEY_INVALID,
                    where + " returned a " + length + "-byte key, expected " + KEY_BYTES);
        }
        return key;
    }
}
