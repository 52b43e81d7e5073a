package io.github.vodhls.core.calls;

import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.PlayInfoSource;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.VideoCatalog;

/**
 * The one- and two-method ports with a {@link CallHook} before every call they pass on (null stays null: a port the
 * function does not have).
 */
public final class HookedPorts {
    private HookedPorts() {
    }

    public static Transcoder transcoder(Transcoder delegate, CallHook hook) {
        return delegate == null ? null : new Transcoder() {
            @Override
            public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
                hook.beforeCall();
                return delegate.submitEncrypted(videoId, ciphertext, decryptKeyUri);
            }

            @Override
            public java.util.Optional<String> findSubmitted(String videoId) {
                hook.beforeCall();
                return delegate.findSubmitted(videoId);
            }
        };
    }

    public static VideoCatalog catalog(VideoCatalog delegate, CallHook hook) {
        return delegate == null ? null : videoId -> {
            hook.beforeCall();
            return delegate.uploadStatus(videoId);
        };
    }

    public static PlayInfoSource playInfo(PlayInfoSource delegate, CallHook hook) {
        return delegate == null ? null : videoId -> {
            hook.beforeCall();
            return delegate.hlsStreams(videoId);
        };
    }

    public static CallbackDeliveries callbackDeliveries(CallbackDeliveries delegate, CallHook hook) {
        return delegate == null ? null : (pairId, bodySha256, expiresAt, now) -> {
            hook.beforeCall();
            return delegate.bind(pairId, bodySha256, expiresAt, now);
        };
    }

    public static PlaylistOrigin origin(PlaylistOrigin delegate, CallHook hook) {
        return delegate == null ? null : path -> {
            hook.beforeCall();
            return delegate.read(path);
        };
    }

    public static Entitlements entitlements(Entitlements delegate, CallHook hook) {
        return delegate == null ? null : (userId, videoId) -> {
            hook.beforeCall();
            return delegate.mayWatch(userId, videoId);
        };
    }
}
