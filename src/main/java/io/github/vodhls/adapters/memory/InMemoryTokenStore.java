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

        Row(int uses, boolean revoked) {
            this.uses = uses;
            this.revoked = revoked;
        }
    }

    private final ConcurrentMap<String, Row> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> videoCutoffs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ViewerStreams> viewers = new ConcurrentHashMap<>();

    @Override
    public void record(TokenRecord token) {
        if (tokens.putIfAbsent(token.tokenId(), new Row(0, false)) != null) {
            throw new IllegalStateException("token id already recorded: " + token.tokenId());
        }
    }

    @Override
    public ConsumeResult consume(String tokenId, int maxUses) {
        ConsumeResult[] result = {ConsumeResult.unknown()};
        tokens.computeIfPresent(tokenId, (id, row) -> {
            if (row.revoked) {
                result[0] = ConsumeResult.revoked();
                return row;
            }
            if (row.uses >= maxUses) {
                result[0] = ConsumeResult.exhausted();
                return row;
            }
            result[0] = ConsumeResult.consumed(row.uses + 1);
            return new Row(row.uses + 1, false);
        });
        return result[0];
    }

    @Override
    public TokenStanding standing(String tokenId) {
        Row row = tokens.get(tokenId);
        return row == null ? TokenStanding.UNKNOWN : row.revoked ? TokenStanding.REVOKED : TokenStanding.ACTIVE;
    }

    @Override
    public boolean revoke(String tokenId) {
        return tokens.computeIfPresent(tokenId, (id, row) -> new Row(row.uses, true)) != null;
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
