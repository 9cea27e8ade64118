package io.stowage.store.fs.internal;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.LeaseManager;
import io.stowage.oci.FileLocks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Leases that every process on one data directory sees: a lease is a file {@code leases/<id>}
 * listing its digests, locked by its process for as long as the lease lasts. A process that
 * dies loses its locks, which ends its leases; the next reader deletes such files. Leasing,
 * reading leases and deleting blobs all hold {@code leases.lock}, so a deletion never misses a
 * lease. This JVM's own lease files are never opened twice (closing a second channel of a file
 * would drop the lock the first holds): what they hold is read from memory.
 */
final class FsLeases implements LeaseManager {
    private static final Map<Path, Set<Digest>> OWN = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path lockFile;

    FsLeases(Path root) {
        this.dir = root.resolve("leases");
        this.lockFile = root.resolve("leases.lock");
    }

    @Override
    public Lease lease() {
        return locked(() -> {
            Files.createDirectories(dir);
            Path file = dir.resolve(UUID.randomUUID().toString());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(); // nobody else knows the file yet
            if (lock == null) {
                channel.close();
                throw new IOException("cannot lock new lease " + file);
            }
            Set<Digest> held = ConcurrentHashMap.newKeySet();
            OWN.put(file, held);
            return new FileLease(file, channel, held);
        });
    }

    private final class FileLease implements Lease {
        private final Path file;
        private final FileChannel channel;
        private final Set<Digest> held;

        FileLease(Path file, FileChannel channel, Set<Digest> held) {
            this.file = file;
            this.channel = channel;
            this.held = held;
        }

        @Override
        public void add(Digest digest) {
            locked(() -> {
                if (!channel.isOpen()) {
                    throw new IllegalStateException("lease has ended");
                }
                if (held.add(digest)) {
                    ByteBuffer line = ByteBuffer.wrap((digest + "\n").getBytes(StandardCharsets.US_ASCII));
                    while (line.hasRemaining()) {
                        channel.write(line);
                    }
                }
                return null;
            });
        }

        @Override
        public void close() {
            locked(() -> {
                OWN.remove(file);
                Files.deleteIfExists(file);
                channel.close();
                return null;
            });
        }
    }

    @Override
    public Set<Digest> leased() {
        return locked(this::read);
    }

    @Override
    public List<Digest> deleteUnneeded(Collection<Digest> candidates, Supplier<Set<Digest>> needed, Predicate<Digest> delete) {
        return locked(() -> {
            Set<Digest> keep = new HashSet<>(needed.get());
            keep.addAll(read());
            List<Digest> deleted = new ArrayList<>();
            for (Digest d : candidates) {
                if (!keep.contains(d) && delete.test(d)) {
                    deleted.add(d);
                }
            }
            return deleted;
        });
    }

    /** Every digest a live lease holds; files of dead processes are deleted. Call holding the lock. */
    private Set<Digest> read() throws IOException {
        Set<Digest> all = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Set<Digest> own = OWN.get(file);
                if (own != null) {
                    all.addAll(own);
                } else {
                    readForeign(file, all);
                }
            }
        }
        return all;
    }

    private static void readForeign(Path file, Set<Digest> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) { // its process is gone, and its lease with it
                Files.deleteIfExists(file);
                return;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    into.add(Digest.parse(line.trim()));
                }
            }
        } catch (NoSuchFileException gone) {
            // ended meanwhile
        }
    }

    private <T> T locked(FileLocks.Locked<T> action) {
        try {
            return FileLocks.withLock(lockFile, action);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "leases in " + dir + ": " + e.getMessage(), e);
        }
    }
}
