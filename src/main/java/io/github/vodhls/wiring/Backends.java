package io.github.vodhls.wiring;

import io.github.vodhls.core.calls.CallHook;
import io.github.vodhls.core.calls.Dependency;
import io.github.vodhls.core.calls.HookedKeyManagement;
import io.github.vodhls.core.calls.HookedPorts;
import io.github.vodhls.core.calls.HookedTokenStore;
import io.github.vodhls.core.calls.HookedVideoKeyRegistry;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.keys.KeyServices;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.PlayInfoSource;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.VideoCatalog;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.util.function.Consumer;

/**
 * The adapters behind the ports: Alibaba Cloud ones on FC, embedded ones in the local stack. Every port is wrapped
 * here so that each call it makes counts on the invocation's log line ({@code storeCalls}, {@code kmsCalls},
 * {@code vodCalls}, {@code entitlementCalls}), whichever adapter is behind it.
 */
public final class Backends {
    private final KeyServices keys;
    private final TokenStore tokens;
    private final VideoKeyRegistry videos;
    private final Entitlements entitlements;
    private final Consumer<Invocation> beforeInvocation;
    private final Runnable warmUp;
    private final Transcoder transcoder;
    private final VideoCatalog catalog;
    private final CallbackDeliveries callbackDeliveries;
    private final PlayInfoSource playInfo;

    /** Backends with the allow-all entitlement check and nothing to warm up. */
    public Backends(KeyManagement kms, TokenStore tokens, VideoKeyRegistry videos,
            Consumer<Invocation> beforeInvocation) {
        this(kms, tokens, videos, new AllowAllEntitlements(), beforeInvocation, () -> { });
    }

    /** Backends whose one key service is KMS ({@code kms}); see the {@link KeyServices} constructor. */
    public Backends(KeyManagement kms, TokenStore tokens, VideoKeyRegistry videos, Entitlements entitlements,
            Consumer<Invocation> beforeInvocation, Runnable warmUp) {
        this(KeyServices.of(KeyService.KMS, kms), tokens, videos, entitlements, beforeInvocation, warmUp);
    }

    /**
     * @param keys the key services the functions may reach, and the one that makes new data keys
     * @param warmUp creates clients ahead of the first request (run by the FC initializer)
     */
    public Backends(KeyServices keys, TokenStore tokens, VideoKeyRegistry videos, Entitlements entitlements,
            Consumer<Invocation> beforeInvocation, Runnable warmUp) {
        this.keys = keys.wrapped((service, adapter) -> new HookedKeyManagement(adapter,
                CallHook.counting(service == KeyService.VOD ? Dependency.VOD : Dependency.KMS)));
        this.tokens = counted(tokens);
        this.videos = new HookedVideoKeyRegistry(videos, CallHook.counting(Dependency.STORE));
        this.entitlements = entitlements instanceof AllowAllEntitlements ? entitlements
                : HookedPorts.entitlements(entitlements, CallHook.counting(Dependency.ENTITLEMENT));
        this.beforeInvocation = beforeInvocation;
        this.warmUp = warmUp;
        this.transcoder = null;
        this.catalog = null;
        this.callbackDeliveries = null;
        this.playInfo = null;
    }

    private Backends(Backends base, Transcoder transcoder, VideoCatalog catalog, CallbackDeliveries deliveries,
            PlayInfoSource playInfo) {
        this.keys = base.keys;
        this.tokens = base.tokens;
        this.videos = base.videos;
        this.entitlements = base.entitlements;
        this.beforeInvocation = base.beforeInvocation;
        this.warmUp = base.warmUp;
        this.transcoder = transcoder;
        this.catalog = catalog;
        this.callbackDeliveries = deliveries;
        this.playInfo = playInfo;
    }

    /**
     * The same backends with what the upload-callback function needs besides them: the service that transcodes
     * uploads, the video service's catalog (which confirms uploads; null when VOD_CONFIRM_UPLOADS is off) and the
     * store of signed callback deliveries (null when the function takes no HTTP callbacks).
     */
    public Backends withUploadCallback(Transcoder transcoder, VideoCatalog catalog, CallbackDeliveries deliveries) {
        CallHook vod = CallHook.counting(Dependency.VOD);
        return new Backends(this, HookedPorts.transcoder(transcoder, vod), HookedPorts.catalog(catalog, vod),
                HookedPorts.callbackDeliveries(deliveries, CallHook.counting(Dependency.STORE)), playInfo);
    }

    /** The same backends with the service that lists videos' play URLs (for the token function's play info). */
    public Backends withPlayInfo(PlayInfoSource playInfo) {
        return new Backends(this, transcoder, catalog, callbackDeliveries,
                HookedPorts.playInfo(playInfo, CallHook.counting(Dependency.VOD)));
    }

    /** The service that lists videos' play URLs, or null when these backends have none. */
    public PlayInfoSource playInfo() {
        return playInfo;
    }

    /** The transcoding service, or null when these backends have none. */
    public Transcoder transcoder() {
        return transcoder;
    }

    /** The video service's catalog, or null when these backends have none. */
    public VideoCatalog catalog() {
        return catalog;
    }

    /** Which body each signed callback's header pair first came with, or null when these backends have none. */
    public CallbackDeliveries callbackDeliveries() {
        return callbackDeliveries;
    }

    /** The key services: the one that makes new data keys, and every one that may have made a registered key. */
    public KeyServices keys() {
        return keys;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public VideoKeyRegistry videos() {
        return videos;
    }

    /** The customer's entitlement rule (uncached; the token function adds a short cache). */
    public Entitlements entitlements() {
        return entitlements;
    }

    public Consumer<Invocation> beforeInvocation() {
        return beforeInvocation;
    }

    public Runnable warmUp() {
        return warmUp;
    }

    /**
     * {@code tokens} with each call counted as a store call of the invocation ({@code storeCalls} on its log line).
     * Pass the adapter itself: a store counted already would count every call twice.
     */
    static TokenStore counted(TokenStore tokens) {
        return new HookedTokenStore(tokens, CallHook.counting(Dependency.STORE));
    }
}
