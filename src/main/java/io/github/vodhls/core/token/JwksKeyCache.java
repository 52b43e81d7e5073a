package io.github.vodhls.core.token;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys of a {@link JwksSource}, by {@code kid}, with the refresh rules:
 * <ul>
 * <li>a fetched set is used for the cache time, then fetched again;</li>
 * <li>an unknown {@code kid} triggers a refetch (key rotation), but there is at most one fetch attempt per
 * {@link #MIN_FETCH_INTERVAL}, so a flood of tokens with random kids cannot hammer the identity provider;</li>
 * <li>when a refetch fails and a set was fetched before, that set keeps being served;</li>
 * <li>when no set was ever fetched, a failure is {@code LOGIN_KEYS_UNAVAILABLE} (503).</li>
 * </ul>
 * Only public keys with a {@code kid} are taken from the document; secret ({@code oct}) and private keys are ignored.
 * Fetches are serialized (one at a time per instance); a source's own timeout bounds how long callers wait.
 */
final class JwksKeyCache {

    static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(10);

    private final JwksSource source;
    private final long ttlMillis;
    private final Clock clock;

    private Map<String, PublicKey> keys;
    private long expiresAtMillis;
    private long lastAttemptMillis;
    private boolean attempted;
    private DependencyUnavailableException lastFailure;

    JwksKeyCache(JwksSource source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /**
     * The key of a kid, or null when the (possibly refetched) set does not hold it.
     *
     * @throws DependencyUnavailableException when no key set could ever be fetched
     */
    synchronized PublicKey find(String kid) {
        boolean fetched = false;
        if (keys == null || clock.millis() >= expiresAtMillis) {
            fetched = tryFetch();
        }
        PublicKey key = keys == null ? null : keys.get(kid);
        if (key == null && !fetched) {
            tryFetch();
            key = keys == null ? null : keys.get(kid);
        }
        if (keys == null) {
            throw noKeySet();
        }
        return key;
    }

    /** Every key of the current set (fetching one if there is none), for tokens without a kid. */
    synchronized Map<String, PublicKey> all() {
        if (keys == null || clock.millis() >= expiresAtMillis) {
            tryFetch();
        }
        if (keys == null) {
            throw noKeySet();
        }
        return keys;
    }

    /** One fetch attempt unless one happened within the minimum interval; true if a new set was taken. */
    private boolean tryFetch() {
        long now = clock.millis();
        if (attempted && now - lastAttemptMillis < MIN_FETCH_INTERVAL.toMillis()) {
            return false;
        }
        attempted = true;
        lastAttemptMillis = now;
        try {
            keys = parse(source.fetch());
            expiresAtMillis = now + ttlMillis;
            lastFailure = null;
            return true;
        } catch (DependencyUnavailableException e) {
            lastFailure = e;
            return false;
        }
    }

    private DependencyUnavailableException noKeySet() {
        return lastFailure == null ? unavailable("no JWKS has been fetched yet")
                : new DependencyUnavailableException(ErrorCode.LOGIN_KEYS_UNAVAILABLE, lastFailure.getMessage(),
                        lastFailure);
    }

    private static Map<String, PublicKey> parse(String json) {
        JwkSet set;
        try {
            set = Jwks.setParser().json(new GsonDeserializer<Map<String, ?>>()).ignoreUnsupported(true).build()
                    .parse(json);
        } catch (RuntimeException e) {
            throw unavailable("the JWKS document is not a valid JWK set");
        }
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        for (Jwk<?> jwk : set.getKeys()) {
            Key key = jwk.toKey();
            if (jwk.getId() != null && key instanceof PublicKey) {
                byKid.putIfAbsent(jwk.getId(), (PublicKey) key);
            }
        }
        return Collections.unmodifiableMap(byKid);
    }

    private static DependencyUnavailableException unavailable(String message) {
        return new DependencyUnavailableException(ErrorCode.LOGIN_KEYS_UNAVAILABLE, message);
    }
}
