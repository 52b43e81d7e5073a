package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.ViewerStreams;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link TokenStore} in one JVM's memory: for tests, benchmarks and single-instance experiments. State is lost
 * on restart and not shared between function instances, so never use it behind more than one instance.
 */
public final class InMemoryTokenStore implements TokenStore {

    private static final class Row {
        final int uses;
        final boolean revoked;
        /** The play session's end: the token's exp when recorded, then moved by granted fetches. */
        final Instant sessionUntil;

        Row(int uses, boolean revoked, Instant sessionUntil) {
            this.uses = uses;
            this.revoked = revoked;
            this.sessionUntil = sessionUntil;
        }

        boolean activeAt(Instant instant) {
            return instant == null || sessionUntil != null && !sessionUntil.isBefore(instant);
        }
    }

    private final ConcurrentMap<String, Row> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> videoCutoffs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ViewerStreams> viewers = new ConcurrentHashMap<>();

    @Override
    public void record(TokenRecord token) {
        if (tokens.putIfAbsent(token.tokenId(), new Row(0, false, token.expiresAt())) != null) {
            throw new IllegalStateException("token id already recorded: " + token.tokenId());
        }
    }

    @Override
    public ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        ConsumeResult[] result = {ConsumeResult.unknown()};
        tokens.computeIfPresent(tokenId, (id, row) -> {
            TokenStanding refusal = refusal(row, maxUses, activeAt);
            if (refusal != null) {
                result[0] = ConsumeResult.refused(refusal);
                return row;
            }
            result[0] = ConsumeResult.consumed(row.uses + 1);
            return new Row(row.uses + 1, false, later(row.sessionUntil, slideTo));
        });
        return result[0];
    }

    @Override
    public TokenStanding standing(String tokenId, Instant activeAt) {
        Row row = tokens.get(tokenId);
        if (row == null) {
            return TokenStanding.UNKNOWN;
        }
        return row.revoked ? TokenStanding.REVOKED : row.activeAt(activeAt) ? TokenStanding.ACTIVE
                : TokenStanding.EXPIRED;
    }

    @Override
    public TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        TokenStanding[] result = {TokenStanding.UNKNOWN};
        tokens.computeIfPresent(tokenId, (id, row) -> {
            TokenStanding refusal = refusal(row, maxUses, activeAt);
            result[0] = refusal == null ? TokenStanding.ACTIVE : refusal;
            return refusal == null ? new Row(row.uses, false, later(row.sessionUntil, slideTo)) : row;
        });
        return result[0];
    }

    /** The session's end never moves back (a fetch with an older token after a refresh). */
    private static Instant later(Instant current, Instant proposed) {
        return proposed == null || current != null && current.isAfter(proposed) ? current : proposed;
    }

    /** Why the row refuses a use or an extension (revoked, then exhausted, then expired), or null. */
    private static TokenStanding refusal(Row row, int maxUses, Instant activeAt) {
        if (row.revoked) {
            return TokenStanding.REVOKED;
        }
        if (row.uses >= maxUses) {
            return TokenStanding.EXHAUSTED;
        }
        return row.activeAt(activeAt) ? null : TokenStanding.EXPIRED;
    }

    @Override
    public boolean revoke(String tokenId) {
        return tokens.computeIfPresent(tokenId, (id, row) -> new Row(row.uses, true, row.sessionUntil)) != null;
    }

    @Override
    public void revokeVideo(String videoId, Instant issuedAtOrBefore) {
        videoCutoffs.merge(videoId, issuedAtOrBefore, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> videoRevokedBefore(String videoId) {
        return Optional.ofNullable(videoCutoffs.get(videoId));
    }

    @Override
    public ViewerStreams viewerStreams(String userId) {
        return viewers.getOrDefault(userId, ViewerStreams.none());
    }

    @Override
    public boolean updateViewerStreams(String userId, ViewerStreams next) {
        ViewerStreams stored = next.atVersion(next.version() + 1);
        if (next.version() == 0) {
            return viewers.putIfAbsent(userId, stored) == null;
        }
        boolean[] written = {false};
        viewers.computeIfPresent(userId, (id, current) -> {
            written[0] = current.version() == next.version();
            return written[0] ? stored : current;
        });
        return written[0];
    }
}
