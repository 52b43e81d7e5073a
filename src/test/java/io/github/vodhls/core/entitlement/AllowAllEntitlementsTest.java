package io.github.vodhls.core.entitlement;

/** The default rule: every pair is allowed, and the answer is always at hand. */
class AllowAllEntitlementsTest extends EntitlementsContract {

    @Override
    protected Entitlements entitlements() {
        return new AllowAllEntitlements();
    }

    @Override
    protected void deny(String userId, String videoId) {
        throw new UnsupportedOperationException("AllowAllEntitlements denies nothing");
    }

    @Override
    protected void answerable(boolean answerable) {
        throw new UnsupportedOperationException("AllowAllEntitlements always answers");
    }

    @Override
    protected boolean canDeny() {
        return false;
    }

    @Override
    protected boolean canBeUnanswerable() {
        return false;
    }
}
