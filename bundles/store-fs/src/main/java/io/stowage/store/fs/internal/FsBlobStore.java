package io.stowage.store.fs.internal;

import io.stowage.oci.AtomicFiles;
import io.stowage.oci.FileKinds;
import io.stowage.oci.FileLocks;
import io.stowage.oci.Log;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import io.stowage.api.store.LeaseManager;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A store on disk, laid out as an OCI Image Layout (image-spec image-layout.md): {@code oci-layout},
 * {@code index.json} and {@code blobs/sha256/<hex>} under the data directory, so skopeo and umoci
 * read it as {@code oci:<dir>:<reference>}. Ingests live in {@code ingest/} until committed; one
 * named {@code sha256-<hex>} outlives an interrupted copy, to be resumed. Pulls in progress keep
 * their leases in {@code leases/} (see {@link FsLeases}). The directory is the configuration's ({@link FsStoreConfig}), else the framework property {@value #DATA_PROPERTY}.
 */
@Component(service = BlobStore.class, property = BlobStore.PROPERTY + "=fs", configurationPid = FsStoreConfig.PID)
@org.osgi.service.metatype.annotations.Designate(ocd = FsStoreConfig.class)
public final class FsBlobStore implements BlobStore {
    public static final String DATA_PROPERTY = "stowage.data";
    /** Framework property: seconds after which a leftover ingest counts as abandoned (default a day). */
    public static final String INGEST_MAX_AGE_PROPERTY = "stowage.ingest.maxAge";
    static final Duration DEFAULT_INGEST_MAX_AGE = Duration.ofDays(1);

    private final Path root;
    private final Path blobs;
    private final Path ingest;
    private final Path index;
    /** The last {@code index.json} this store wrote: what a repair restores when {@code index.json} is damaged. */
    private final Path lastGood;
    private final FsLeases leases;

    private volatile Cached cached;

    /** A name as the damaged bytes of an index may still show it. */
    private static final java.util.regex.Pattern REF_NAME = java.util.regex.Pattern.compile(
            "\"org\\.opencontainers\\.image\\.ref\\.name\"\\s*:\\s*\"([^\"\\\\]{1,512})\"");

    private record Cached(byte[] bytes, List<Descriptor> refs) {
    }

    private final Log log = new Log(FsBlobStore.class);
    /** {@code last-use.json} is read up to this size (about 100 bytes an image); a larger one is taken as damaged. */
    private static final long LAST_USE_MAX_BYTES = 16L * 1024 * 1024;


    @Activate
    public FsBlobStore(BundleContext context, FsStoreConfig config) {
        this(dataDirectory(context, config), ingestMaxAge(context, config));
    }

    /** The store's directory: the configuration's, else the framework property's, else {@code data}. */
    static Path dataDirectory(BundleContext context, FsStoreConfig config) {
        return io.stowage.oci.DataDirectory.of(context, config == null ? null : config.data());
    }

    /** The ingest max age: the configuration's, else the framework property's, else a day. */
    static Duration ingestMaxAge(BundleContext context, FsStoreConfig config) {
        if (config != null && config.ingest_maxAge() > 0) {
            return Duration.ofSeconds(config.ingest_maxAge());
        }
        String property = context.getProperty(INGEST_MAX_AGE_PROPERTY);
        return property == null ? DEFAULT_INGEST_MAX_AGE : Duration.ofSeconds(Long.parseLong(property));
    }

    /** A store at {@code root} outside a framework (tests, tools). */
    public FsBlobStore(Path root) {
        this(root, DEFAULT_INGEST_MAX_AGE);
    }

    /**
     * Opens the store at {@code root}, first deleting what a crash may have left: ingests, and
     * temporary files of atomic writes, older than {@code staleAfter}. Younger ones stay: another
     * process may be writing them.
     */
    FsBlobStore(Path root, Duration staleAfter) {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = this.root.resolve("blobs").resolve(Digest.SHA256);
        this.ingest = this.root.resolve("ingest");
        this.index = this.root.resolve("index.json");
        this.lastGood = this.root.resolve("index.last-good.json");
        this.leases = new FsLeases(this.root);
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
            if (!Files.exists(this.root.resolve("oci-layout"))) {
                AtomicFiles.write(this.root.resolve("oci-layout"), OciJson.OCI_LAYOUT.getBytes(StandardCharsets.UTF_8));
            }
            for (String lock : List.of("ingest.lock", "leases.lock")) {
                createIfMissing(this.root.resolve(lock));
            }
            FileLocks.withLock(this.root.resolve("index.lock"), () -> {
                if (!Files.exists(index)) { // under the lock: never over an index another process just wrote
                    AtomicFiles.write(index, OciJson.layoutIndex(List.of()));
                }
                if (!Files.exists(lastGood)) { // a store from before 0.4, or a new one
                    byte[] current = Files.readAllBytes(index);
                    if (readable(current)) {
                        AtomicFiles.write(lastGood, current);
                    }
                }
                return null;
            });
            Instant before = Instant.now().minus(staleAfter);
            deleteOlder(ingest, p -> true, before);
            deleteOlder(this.root, p -> p.getFileName().toString().endsWith(".tmp"), before);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + this.root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty file unless it is there. Never opens one that is there: closing a file
     * this JVM holds a lock on would drop the lock.
     */
    private static void createIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException there) {
            // as it should be
        }
    }

    private static void deleteOlder(Path dir, java.util.function.Predicate<Path> which, Instant before) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                try {
                    if (Files.isRegularFile(p) && which.test(p) && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                        Files.deleteIfExists(p);
                    }
                } catch (NoSuchFileException gone) {
                    // another process renamed or removed it meanwhile: nothing left to clean
                }
            }
        }
    }

    private Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        try {
            return Optional.of(new BlobInfo(digest, Files.size(blobPath(digest))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new StowageException(Reason.NOT_FOUND, "blob " + digest + ": not found");
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BlobWriter writer() {
        return FsBlobWriter.fresh(this, ingest.resolve(UUID.randomUUID().toString()));
    }

    /** Continues {@code ingest/sha256-<hex>}, which a cut connection or a killed process left. */
    @Override
    public BlobWriter resume(Digest expected) {
        return FsBlobWriter.resume(this, ingest.resolve(expected.algorithm() + "-" + expected.hex()),
                root.resolve("ingest.lock"), expected);
    }

    /** Leases in files, so that a one-shot command never deletes what a running shell's pull needs. */
    @Override
    public LeaseManager leases() {
        return leases;
    }

    /** Moves a complete, verified ingest into place; content already there wins. */
    void publish(Path complete, Digest digest) throws IOException {
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(complete);
            return;
        }
        AtomicFiles.publish(complete, target);
    }

    @Override
    public void walk(Consumer<BlobInfo> visitor) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
            for (Path p : dir) {
                Digest digest;
                try {
                    digest = new Digest(Digest.SHA256, p.getFileName().toString());
                } catch (StowageException notABlob) {
                    continue;
                }
                info(digest).ifPresent(visitor);
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(blobPath(digest));
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** The resumable ingests, {@code ingest/sha256-<hex>}: what a cut or killed pull kept. */
    @Override
    public void walkPartial(Consumer<BlobInfo> visitor) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(ingest, Digest.SHA256 + "-*")) {
            for (Path p : dir) {
                Digest digest;
                long size;
                try {
                    digest = new Digest(Digest.SHA256, p.getFileName().toString().substring(Digest.SHA256.length() + 1));
                    size = Files.size(p);
                } catch (StowageException | NoSuchFileException notOneOrGone) {
                    continue;
                }
                visitor.accept(new BlobInfo(digest, size));
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + ingest + ": " + FileKinds.reason(e), e);
        }
    }

    /** Deletes {@code ingest/sha256-<hex>} when no writer, in any process, holds its byte of {@code ingest.lock}. */
    @Override
    public boolean deletePartial(Digest digest) {
        try {
            io.stowage.oci.ByteLocks.Held lock = io.stowage.oci.ByteLocks.tryLock(root.resolve("ingest.lock"),
                    FsBlobWriter.lockOffset(digest));
            if (lock == null) {
                return false;
            }
            try {
                return Files.deleteIfExists(ingest.resolve(digest.algorithm() + "-" + digest.hex()));
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "ingest of " + digest + ": " + FileKinds.reason(e), e);
        }
    }

    /** Moves a blob to {@code quarantine/<hex>}, out of the store but kept for inspection. */
    @Override
    public boolean quarantine(Digest digest) {
        try {
            Path dir = Files.createDirectories(root.resolve("quarantine"));
            Files.move(blobPath(digest), dir.resolve(digest.hex()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.syncDirectory(blobs);
            log.warn("blob {} does not match its digest: moved to {}", digest, dir.resolve(digest.hex()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code index.json}, reusing the last parse while its bytes are the same. (Not its
     * inode, size and time: a file replaced within the same millisecond can reuse all three,
     * which another store instance on the directory then took for the old one.)
     */
    @Override
    public List<Descriptor> refs() {
        try {
            byte[] bytes = Files.readAllBytes(index);
            Cached c = cached;
            if (c != null && java.util.Arrays.equals(c.bytes, bytes)) {
                return c.refs;
            }
            List<Descriptor> refs;
            try {
                refs = List.copyOf(OciJson.layoutIndex(bytes, "index.json"));
            } catch (StowageException malformed) {
                throw new StowageException(Reason.INVALID, "store " + root + ": " + malformed.getMessage()
                        + "; run store:verify --repair to restore its last good copy", malformed);
            }
            cached = new Cached(bytes, refs);
            return refs;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + index + ": " + FileKinds.reason(e), e);
        }
    }

    private static boolean readable(byte[] index) {
        try {
            OciJson.layoutIndex(index, "index.json");
            return true;
        } catch (StowageException e) {
            return false;
        }
    }

    /**
     * Restores {@code index.json} from {@code index.last-good.json} when it does not parse (an
     * empty list when the copy is gone or damaged too), moving the damaged file to
     * {@code index.json.malformed}; the lost names are those the damaged bytes still show
     * ({@code "org.opencontainers.image.ref.name": "…"}) that the copy lacks.
     */
    @Override
    public java.util.Optional<List<String>> restoreRefs() {
        try {
            return FileLocks.withLock(root.resolve("index.lock"), () -> {
                byte[] damaged = Files.readAllBytes(index);
                if (readable(damaged)) {
                    return java.util.Optional.<List<String>>empty();
                }
                byte[] copy = Files.exists(lastGood) ? Files.readAllBytes(lastGood) : null;
                List<Descriptor> restored = copy != null && readable(copy) ? OciJson.layoutIndex(copy, "index.last-good.json")
                        : List.of();
                java.util.Set<String> kept = new java.util.HashSet<>();
                restored.forEach(d -> kept.add(d.annotation(Descriptor.REF_NAME)));
                List<String> lost = new ArrayList<>();
                java.util.regex.Matcher m = REF_NAME.matcher(new String(damaged, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!kept.contains(m.group(1)) && !lost.contains(m.group(1))) {
                        lost.add(m.group(1));
                    }
                }
                AtomicFiles.write(root.resolve("index.json.malformed"), damaged);
                byte[] bytes = OciJson.layoutIndex(restored);
                AtomicFiles.write(index, bytes);
                AtomicFiles.write(lastGood, bytes);
                log.warn("store {}: index.json did not parse; {} restored ({} name(s) kept), damaged copy in {}{}", root,
                        copy != null && readable(copy) ? "its last good copy" : "an empty index", restored.size(),
                        root.resolve("index.json.malformed"), lost.isEmpty() ? "" : "; names lost: " + lost);
                return java.util.Optional.of(lost);
            });
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + index + ": " + FileKinds.reason(e), e);
        }
    }

    /**
     * Updates {@code index.json} holding {@code index.lock} (see {@link FileLocks}), reading the
     * index again under the lock, so no update from another thread or process is lost.
     */
    @Override
    public void updateRefs(UnaryOperator<List<Descriptor>> change) {
        try {
            FileLocks.withLock(root.resolve("index.lock"), () -> {
                byte[] bytes = OciJson.layoutIndex(List.copyOf(change.apply(refs())));
                AtomicFiles.write(index, bytes);
                AtomicFiles.write(lastGood, bytes);
                return null;
            });
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + index + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.OptionalLong usableSpace() {
        try {
            return java.util.OptionalLong.of(Files.getFileStore(root).getUsableSpace());
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "store " + root + ": free space unknown: " + e.getMessage(), e);
        }
    }

    /** {@code last-use.json} beside {@code index.json}: Stowage's own record, which no OCI reader looks at. */
    @Override
    public java.util.Map<Digest, Instant> lastUses() {
        Path file = root.resolve("last-use.json");
        try {
            return Files.size(file) > LAST_USE_MAX_BYTES ? java.util.Map.of() : io.stowage.oci.LastUses.parse(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException never) {
            return java.util.Map.of();
        } catch (IOException e) {
            log.warn("store {}: last-use.json unreadable ({}): images are evicted by pull time", root, e.toString());
            return java.util.Map.of();
        }
    }

    @Override
    public void recordUses(java.util.Map<Digest, Instant> uses, java.util.Set<Digest> live) {
        if (!Files.isWritable(root)) {
            return; // a read-only store records nothing
        }
        try {
            FileLocks.withLock(root.resolve("last-use.lock"), () -> {
                AtomicFiles.write(root.resolve("last-use.json"), io.stowage.oci.LastUses.format(
                        io.stowage.oci.LastUses.merge(lastUses(), uses, live)));
                return null;
            });
        } catch (IOException e) {
            log.debug("store {}: last use not recorded: {}", root, e.toString());
        }
    }

    @Override
    public String toString() {
        return "fs store at " + root;
    }
}
