package io.github.vodhls.core.video;

import java.time.Instant;
import java.util.Optional;

/**
 * What a CDN-signed play URL says about its own end. VOD signs play URLs with Alibaba Cloud CDN's type A signing
 * ({@code ?auth_key=<timestamp>-<rand>-<uid>-<md5hash>}, VOD's only signing type), whose {@code timestamp} is 10
 * decimal digits of Unix seconds. Alibaba Cloud's descriptions of it differ: the older ones call it the expiry
 * time (the CDN refuses the URL once it is past), the newer ones the signing time, the URL ending at it plus the
 * validity period configured for the domain. Either way the URL is good until the timestamp at least, and that is
 * the only end this package can know (the domain's setting is not in the URL), so it is the one used.
 */
public final class SignedUrls {
    private static final String AUTH_KEY = "auth_key=";

    private SignedUrls() {
    }

    /**
     * The earliest {@code auth_key} timestamp in the URL's query: empty when the URL is not signed, {@link
     * Instant#EPOCH} when it carries an {@code auth_key} whose timestamp cannot be read (a URL whose end is unknown is
     * treated as ended).
     */
    public static Optional<Instant> signedUntil(String url) {
        int fragment = url.indexOf('#');
        int end = fragment < 0 ? url.length() : fragment;
        int question = url.indexOf('?');
        if (question < 0 || question > end) {
            return Optional.empty();
        }
        Instant earliest = null;
        for (String parameter : url.substring(question + 1, end).split("&")) {
            if (!parameter.startsWith(AUTH_KEY)) {
                continue;
            }
            Instant timestamp = timestamp(parameter.substring(AUTH_KEY.length()));
            earliest = earliest == null || timestamp.isBefore(earliest) ? timestamp : earliest;
        }
        return Optional.ofNullable(earliest);
    }

    private static Instant timestamp(String authKey) {
        int dash = authKey.indexOf('-');
        String digits = dash < 0 ? "" : authKey.substring(0, dash);
        if (!digits.matches("[0-9]{10}")) {
            return Instant.EPOCH;
        }
        return Instant.ofEpochSecond(Long.parseLong(digits));
    }
}
