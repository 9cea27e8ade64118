package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A host's caps: transfers beyond its concurrency wait for a place; bytes never go faster than its rate. */
class HostLimitsTest {

    @Test
    void aTransferBeyondTheHostsConcurrencyWaitsUntilOneIsClosed() throws Exception {
        HostLimits limits = new HostLimits(0, 1);
        InputStream first = limits.transfer("blob a", () -> new ByteArrayInputStream(new byte[10]));
        AtomicBoolean opened = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<InputStream> second = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return limits.transfer("blob b", () -> {
                opened.set(true);
                return new ByteArrayInputStream(new byte[10]);
            });
        });
        started.await();
        Thread.sleep(200);
        assertFalse(opened.get(), "the second waits while the first is open");
        first.close();
        first.close(); // a second close frees no second place
        second.get(5, TimeUnit.SECONDS).close();
        assertTrue(opened.get());
        // both places are free again: one transfer at a time still
        InputStream third = limits.transfer("blob c", () -> new ByteArrayInputStream(new byte[1]));
        CompletableFuture<InputStream> fourth = CompletableFuture.supplyAsync(() -> limits.transfer("blob d",
                () -> new ByteArrayInputStream(new byte[1])));
        Thread.sleep(100);
        assertFalse(fourth.isDone());
        third.close();
        fourth.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aTransferWaitingForAPlaceIsCancelledByAnInterrupt() throws Exception {
        HostLimits limits = new HostLimits(0, 1);
        InputStream held = limits.transfer("blob a", () -> new ByteArrayInputStream(new byte[1]));
        Thread.currentThread().interrupt();
        StowageException e = assertThrows(StowageException.class, () -> limits.transfer("blob b", () -> new ByteArrayInputStream(new byte[1])));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals("blob b: cancelled while waiting for one of the host's 1 transfers to end", e.getMessage());
        held.close();
    }

    @Test
    void bytesNeverGoFasterThanTheRateAcrossTransfers() throws Exception {
        HostLimits limits = new HostLimits(1_000_000, 0); // 1 MB a second
        long start = System.nanoTime();
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> drain(limits, 150_000));
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> drain(limits, 150_000));
        assertEquals(150_000L, a.get(10, TimeUnit.SECONDS));
        assertEquals(150_000L, b.get(10, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - start) / 1e9;
        // 300 kB at 1 MB/s take 0.3 s, less the 50 ms a first burst may take
        assertTrue(seconds >= 0.25, "300 kB in " + seconds + " s");
    }

    @Test
    void aRateThatIsNoSizeBreaksTheHostsConfigurationNamingIt() {
        RegistryHost host = new RegistryHost(HostConfigs.of("registry.lan:5000", "fast", 2));
        StowageException e = assertThrows(StowageException.class, host::limits);
        assertEquals("rate of registry host registry.lan:5000: \"fast\" is not a size (write it as 500MB, 2GB, 1GiB or a number of"
                + " bytes)", e.getMessage());
        assertThrows(StowageException.class, host::tls, "every pull from the host fails so");
        HostLimits ok = new RegistryHost(HostConfigs.of("registry.lan:5000", "20MB", 2)).limits();
        assertEquals(20_000_000L, ok.rate());
        assertEquals(2, ok.concurrency());
    }

    private static long drain(HostLimits limits, int size) {
        try (InputStream in = limits.transfer("blob", () -> new ByteArrayInputStream(new byte[size]))) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
