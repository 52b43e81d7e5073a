package io.github.vodhls.core.video;

import io.github.vodhls.core.keys.Ciphertexts;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.token.Identifiers;
import java.time.Clock;

/** Gives each video exactly one data key: generated with KMS on first request, registered atomically. */
public final class VideoKeyService {
    private final KeyManagement kms;
    private final VideoKeyRegistry registry;
    private final String decryptBaseUrl;
    private final Clock clock;

    public VideoKeyService(KeyManagement kms, VideoKeyRegistry registry, String decryptBaseUrl, Clock clock) {
        this.kms = kms;
        this.registry = registry;
        this.decryptBaseUrl = decryptBaseUrl;
        this.clock = clock;
    }

    /** A video's registered key and the {@code DecryptKeyUri} that serves it. */
    public static final class RegisteredKey {
        private final VideoKey key;
        private final String decryptKeyUri;
        private final boolean created;

        RegisteredKey(VideoKey key, String decryptKeyUri, boolean created) {
            this.key = key;
            this.decryptKeyUri = decryptKeyUri;
            this.created = created;
        }

        public VideoKey key() {
            return key;
        }

        public String decryptKeyUri() {
            return decryptKeyUri;
        }

        /** Whether this call generated the key (false: it was registered already). */
        public boolean created() {
            return created;
        }
    }

    /** Returns the video's key, generating and registering one if it has none. Concurrent callers get the same. */
    public RegisteredKey ensureKey(String videoId) {
        Identifiers.requireId("videoId", videoId);
        VideoKey existing = registry.find(videoId).orElse(null);
        if (existing != null) {
            return registered(existing, false);
        }
        VideoKey candidate = new VideoKey(videoId, kms.generateWrappedDataKey(), clock.instant());
        VideoKey winner = registry.registerIfAbsent(candidate);
        return registered(winner, winner.ciphertext().equals(candidate.ciphertext()));
    }

    private RegisteredKey registered(VideoKey key, boolean created) {
        return new RegisteredKey(key, Ciphertexts.decryptKeyUri(decryptBaseUrl, key.ciphertext()), created);
    }
}
