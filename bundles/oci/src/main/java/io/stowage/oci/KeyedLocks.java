package io.stowage.oci;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * One holder per key at a time within this JVM (one download of a blob, one writer of an ingest
 * file); a hold may be released by another thread than took it. Keys nobody holds or waits for
 * are forgotten.
 */
public final class KeyedLocks<K> {
    private final Map<K, Slot> slots = new HashMap<>();

    private static final class Slot {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    /** A hold on a key; closing releases it, once. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits until {@code key} is free, then holds it. */
    public Held acquire(K key) throws InterruptedIOException {
        Slot slot;
        synchronized (this) {
            slot = slots.computeIfAbsent(key, k -> new Slot());
            slot.users++;
        }
        try {
            slot.permit.acquire();
        } catch (InterruptedException e) {
            forget(key, slot);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
        boolean[] released = new boolean[1];
        return () -> {
            synchronized (released) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
            }
            slot.permit.release();
            forget(key, slot);
        };
    }

    private synchronized void forget(K key, Slot slot) {
        if (--slot.users == 0) {
            slots.remove(key);
        }
    }
}
