package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.ErrorCode;
import io.github.vodhls.core.error.DependencyUnavailableException;
import java.util.function.Supplier;

/** Translates SDK failures: a failed condition is an outcome, everything else means the store is unavailable. */
final class TablestoreErrors {

    private TablestoreErrors() {
    }

    /** Signals that a conditional write was refused ({@code OTSConditionCheckFail}). */
    static final class ConditionFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ConditionFailed() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs a conditional write. Returns its result, throws {@link ConditionFailed} when the condition failed, and
     * {@link DependencyUnavailableException} for every other SDK failure.
     */
    static <T> T conditional(String operation, String table, Supplier<T> call) throws ConditionFailed {
        try {
            return call.get();
        } catch (TableStoreException e) {
            if (ErrorCode.CONDITION_CHECK_FAIL.equals(e.getErrorCode())) {
                throw new ConditionFailed();
            }
            throw unavailable(operation, table, e);
        } catch (ClientException e) {
            throw unavailable(operation, table, e);
        }
    }

    /** Runs a call with no expected failure; every SDK failure becomes {@link DependencyUnavailableException}. */
    static <T> T call(String operation, String table, Supplier<T> call) {
        try {
            return call.get();
        } catch (TableStoreException | ClientException e) {
            throw unavailable(operation, table, e);
        }
    }

    static DependencyUnavailableException unavailable(String operation, String table, RuntimeException e) {
        String detail;
        if (e instanceof TableStoreException) {
            TableStoreException t = (TableStoreException) e;
            detail = t.getErrorCode() + " (HTTP " + t.getHttpStatus() + ", request " + t.getRequestId() + ")";
        } else {
            detail = "client error " + e.getClass().getSimpleName();
        }
        // Never the SDK message: it may echo request details. The cause is kept for logs only.
        return new DependencyUnavailableException(io.github.vodhls.core.error.ErrorCode.STORE_UNAVAILABLE,
                "Tablestore " + operation + " on table " + table + " failed: " + detail, e);
    }
}
