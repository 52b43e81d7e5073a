package io.github.vodhls.core.calls;

import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;

/** A {@link KeyManagement} that runs its {@link CallHook} before every call it passes on. */
public final class HookedKeyManagement implements KeyManagement {
    private final KeyManagement delegate;
    private final CallHook hook;

    public HookedKeyManagement(KeyManagement delegate, CallHook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    @Override
    public DataKey generateDataKey() {
        hook.beforeCall();
        return delegate.generateDataKey();
    }

    @Override
    public String generateWrappedDataKey() {
        hook.beforeCall();
        return delegate.generateWrappedDataKey();
    }

    @Override
    public byte[] decrypt(String ciphertext) {
        hook.beforeCall();
        return delegate.decrypt(ciphertext);
    }

    @Override
    public String toString() {
        return "Hooked[" + delegate + "]";
    }
}
