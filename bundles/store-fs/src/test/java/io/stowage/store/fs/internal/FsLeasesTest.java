package io.stowage.store.fs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.store.LeaseManager;
import io.stowage.store.tests.BlobStoreContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases of the fs store, seen by every process on the data directory, ended by a process's death. */
class FsLeasesTest {
    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aLeaseKeepsItsBlobsUntilItEnds() {
        FsBlobStore store = new FsBlobStore(dir);
        Digest a = BlobStoreContract.put(store, "a".getBytes(StandardCharsets.UTF_8));
        Digest b = BlobStoreContract.put(store, "b".getBytes(StandardCharsets.UTF_8));
        LeaseManager leases = store.leases();
        try (LeaseManager.Lease lease = leases.lease()) {
            lease.add(a);
            assertEquals(Set.of(a), leases.leased());
            assertEquals(List.of(b), leases.deleteUnneeded(List.of(a, b), Set::of, store::delete));
            assertTrue(store.info(a).isPresent());
        }
        assertEquals(Set.of(), leases.leased());
        assertEquals(List.of(a), leases.deleteUnneeded(List.of(a), Set::of, store::delete));
    }

    /**
     * A cancelled pull's thread is interrupted, and ends its lease so: the lease still ends (its
     * file gone, its blobs free), and the thread is still interrupted afterwards. A file channel
     * an interrupted thread uses closes at once, so without care the lock could not be taken.
     */
    @Test
    void aLeaseEndsWhenItsThreadIsInterrupted() {
        FsBlobStore store = new FsBlobStore(dir);
        Digest a = BlobStoreContract.put(store, "a".getBytes(StandardCharsets.UTF_8));
        LeaseManager leases = store.leases();
        LeaseManager.Lease lease = leases.lease();
        Thread.currentThread().interrupt();
        try {
            lease.add(a);
            lease.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(Set.of(), leases.leased());
        assertEquals(List.of(a), leases.deleteUnneeded(List.of(a), Set::of, store::delete));
    }

    @Test
    void anotherProcesssLeaseIsKeptAndEndsWithItsProcess() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        Digest a = BlobStoreContract.put(store, "a".getBytes(StandardCharsets.UTF_8));
        Process holder = start("lease", dir.toString(), a.toString());
        assertEquals(Set.of(a), store.leases().leased());
        assertEquals(List.of(), store.leases().deleteUnneeded(List.of(a), Set::of, store::delete));
        assertTrue(store.info(a).isPresent());

        holder.destroyForcibly(); // kill -9: no clean-up runs in it
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(a), store.leases().deleteUnneeded(List.of(a), Set::of, store::delete));
        assertEquals(0, Files.list(dir.resolve("leases")).count(), "a dead process's lease file is deleted");
    }

    @Test
    void aLeaseEndedByItsProcessLeavesNoFile() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        Digest a = BlobStoreContract.put(store, "a".getBytes(StandardCharsets.UTF_8));
        Process holder = start("lease", dir.toString(), a.toString());
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, holder.exitValue());
        assertEquals(0, Files.list(dir.resolve("leases")).count());
        assertEquals(Set.of(), store.leases().leased());
    }

    /** Starts a {@link StoreHolder} and waits until it holds what it was told to. */
    Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("holding", out.readLine());
        return p;
    }
}
