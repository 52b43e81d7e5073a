package io.github.vodhls.core.keys;

import java.util.Arrays;
import java.util.Objects;

/** A data key: the KMS ciphertext (safe to store and publish) and the plaintext (secret, never logged). */
public final class DataKey {
    private final String ciphertext;
    private final byte[] plaintext;

    public DataKey(String ciphertext, byte[] plaintext) {
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
    }

    public String ciphertext() {
        return ciphertext;
    }

    /** A copy of the plaintext key bytes. */
    public byte[] plaintext() {
        return plaintext.clone();
    }

    @Override
    public String toString() {
        return "DataKey[ciphertext length=" + ciphertext.length() + ", plaintext=<redacted " + plaintext.length
                + " bytes>]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey && ((DataKey) o).ciphertext.equals(ciphertext)
                && Arrays.equals(((DataKey) o).plaintext, plaintext);
    }

    @Override
    public int hashCode() {
        return ciphertext.hashCode();
    }
}
