package io.github.vodhls.core.keys;

import java.util.Locale;

/**
 * The service that made a data key. A ciphertext opens only through the service that made it, so the registry keeps
 * this next to every ciphertext and the decrypt function asks the same service.
 */
public enum KeyService {
    /** Alibaba Cloud KMS itself, under the customer's service key: {@code GenerateDataKeyWithoutPlaintext}, {@code Decrypt}. */
    KMS,
    /** ApsaraVideo VOD's own data-key API, under VOD's service key: {@code GenerateKMSDataKey}, {@code DecryptKMSDataKey}. */
    VOD;

    /** The stored and configured spelling: {@code kms} or {@code vod}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The service a stored value names. A registration written before the registry recorded the service has none: those
     * keys were all made by KMS, so null or empty is {@link #KMS}.
     *
     * @throws IllegalArgumentException for any other value (a row written by a newer version, or damaged): a key
     *     is never sent to a service that did not make it
     */
    public static KeyService fromStored(String value) {
        if (value == null || value.isEmpty()) {
            return KMS;
        }
        for (KeyService service : values()) {
            if (service.code().equals(value)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown key service '" + value + "'; known: kms, vod");
    }
}
