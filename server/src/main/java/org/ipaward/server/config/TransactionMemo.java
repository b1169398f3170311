package org.ipaward.server.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values read once per transaction and forgotten when it ends: a request that needs the same round or the
 * same settings several times (a submission with six materials checks the upload limit six times) reads
 * them with one query. What another transaction commits meanwhile is seen by the next transaction, as it
 * would be a moment later anyway; the owner calls {@link #forget()} when it changes what it keeps, so its
 * own transaction sees the change. Outside a transaction every call reads. Values must be immutable.
 */
public final class TransactionMemo<K, V> {
    /** The key this memo's map is bound under in the transaction's resources (one per memo). */
    private final Object resource = new Object();

    public V get(K key, Function<K, V> read) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return read.apply(key);
        }
        Map<K, V> values = values();
        V v = values.get(key);
        if (v == null) {
            v = read.apply(key);
            values.put(key, v);
        }
        return v;
    }

    /**
     * Keeps a value this transaction has just written, so that its later reads need not read it back; outside a
     * transaction, nothing.
     */
    public void put(K key, V value) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            values().put(key, value);
        }
    }

    /** What this transaction keeps for these keys (none outside a transaction); reads nothing. */
    public Map<K, V> kept() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<K, V> values = (Map<K, V>) TransactionSynchronizationManager.getResource(resource);
        return values == null ? Map.of() : java.util.Collections.unmodifiableMap(values);
    }

    /** Forgets what this transaction has read, so that its next read sees what it has just changed. */
    public void forget() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            @SuppressWarnings("unchecked")
            Map<K, V> values = (Map<K, V>) TransactionSynchronizationManager.getResource(resource);
            if (values != null) {
                values.clear();
            }
        }
    }

    private Map<K, V> values() {
        @SuppressWarnings("unchecked")
        Map<K, V> values = (Map<K, V>) TransactionSynchronizationManager.getResource(resource);
        if (values == null) {
            Map<K, V> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(resource, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(resource);
                }
            });
            values = fresh;
        }
        return values;
    }
}
