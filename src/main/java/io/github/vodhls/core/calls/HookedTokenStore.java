package io.github.vodhls.core.calls;

import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.ViewerStreams;
import java.time.Instant;
import java.util.Optional;

/** A {@link TokenStore} that runs its {@link CallHook} before every call it passes on: one call, one store request. */
public final class HookedTokenStore implements TokenStore {
    private final TokenStore delegate;
    private final CallHook hook;

    public HookedTokenStore(TokenStore delegate, CallHook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    @Override
    public void record(TokenRecord token) {
        hook.beforeCall();
        delegate.record(token);
    }

    @Override
    public ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        hook.beforeCall();
        return delegate.consume(tokenId, maxUses, activeAt, slideTo);
    }

    @Override
    public TokenStanding standing(String tokenId, Instant activeAt) {
        hook.beforeCall();
        return delegate.standing(tokenId, activeAt);
    }

    @Override
    public TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        hook.beforeCall();
        return delegate.extend(tokenId, maxUses, activeAt, slideTo);
    }

    @Override
    public boolean revoke(String tokenId) {
        hook.beforeCall();
        return delegate.revoke(tokenId);
    }

    @Override
    public void revokeVideo(String videoId, Instant issuedAtOrBefore) {
        hook.beforeCall();
        delegate.revokeVideo(videoId, issuedAtOrBefore);
    }

    @Override
    public Optional<Instant> videoRevokedBefore(String videoId) {
        hook.beforeCall();
        return delegate.videoRevokedBefore(videoId);
    }

    @Override
    public ViewerStreams viewerStreams(String userId) {
        hook.beforeCall();
        return delegate.viewerStreams(userId);
    }

    @Override
    public boolean updateViewerStreams(String userId, ViewerStreams next) {
        hook.beforeCall();
        return delegate.updateViewerStreams(userId, next);
    }

    @Override
    public String toString() {
        return "Hooked[" + delegate + "]";
    }
}
