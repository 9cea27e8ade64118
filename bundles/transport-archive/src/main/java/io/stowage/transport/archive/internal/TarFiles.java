package io.stowage.transport.archive.internal;

import io.stowage.oci.FileKinds;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A tar's files, read in place: one pass over the headers finds where each file's bytes lie, and
 * reads then go straight to those bytes; nothing is extracted. A gzip-compressed tar is first
 * inflated into a temporary file (deleted on close), up to the tar's end; refused when an entry
 * declares, or the tar holds, more than {@value #MAX_RATIO} times the archive's size or the free
 * space.
 *
 * <p>Refused when scanned: absolute paths or {@code ..}, two entries of one name, links that
 * leave the archive or lead nowhere, devices, FIFOs and sparse files.
 */
final class TarFiles implements LayoutFiles {
    static final int MAX_RATIO = 200;
    /** The most entries an archive may have: an image archive's are its blobs and a few files. */
    static final int MAX_ENTRIES = 100_000;
    private static final int MAX_LINKS = 8;

    private record Entry(long offset, long size, String link) {
    }

    private final String describe;
    private final FileChannel channel;
    private final Path spool;
    private final Map<String, Entry> entries = new HashMap<>();

    private TarFiles(String describe, FileChannel channel, Path spool) {
        this.describe = describe;
        this.channel = channel;
        this.spool = spool;
    }

    static TarFiles open(Path file) {
        String describe = "archive " + file;
        Path spool = null;
        FileChannel channel = null;
        try {
            if (isGzip(file)) {
                spool = inflate(file, describe);
            }
            channel = FileChannel.open(spool != null ? spool : file, StandardOpenOption.READ);
            TarFiles files = new TarFiles(describe, channel, spool);
            files.scan();
            return files;
        } catch (NoSuchFileException e) {
            throw closing(channel, spool, new StowageException(Reason.NOT_FOUND, describe + ": no such file"));
        } catch (IOException e) {
            throw closing(channel, spool, new StowageException(Reason.INVALID, describe + ": not a readable tar: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw closing(channel, spool, e);
        }
    }

    private static RuntimeException closing(FileChannel channel, Path spool, RuntimeException e) {
        try {
            if (channel != null) {
                channel.close();
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        } catch (IOException ignored) {
            // the first failure is the one to report
        }
        return e;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return io.stowage.api.MediaTypes.OCI_LAYER_GZIP.equals(DockerArchiveSource.compression(in.readNBytes(4)));
        }
    }

    /**
     * Inflates a gzip tar into a temporary file, reading it as a tar while it inflates: an entry
     * whose header declares more bytes than the bound allows is refused before any of them is
     * written, and inflating stops at the tar's end, so what follows it (a bomb's endless zeros)
     * is never written. The bound: {@value #MAX_RATIO} times the archive's size, and the free space.
     */
    private static Path inflate(Path file, String describe) throws IOException {
        Path spool = Files.createTempFile("stowage-archive-", ".tar");
        long limit = Math.min((long) MAX_RATIO * Math.max(Files.size(file), 1),
                Files.getFileStore(spool).getUsableSpace() - 64L * 1024 * 1024);
        try (InputStream gz = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), true);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 1 << 20)) {
            Spooling tee = new Spooling(gz, out, limit, describe);
            TarArchiveInputStream tar = new TarArchiveInputStream(tee);
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                if (tee.count() + e.getSize() > limit) {
                    throw new StowageException(Reason.INVALID, describe + ": entry " + e.getName() + " declares " + e.getSize()
                            + " bytes, past the bound of " + limit + " (" + MAX_RATIO + " times the archive, or the free space); refused");
                }
            }
            return spool;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /** Copies every byte read through it to the spool, refusing to pass the bound. */
    private static final class Spooling extends io.stowage.oci.BulkInputStream {
        private final InputStream in;
        private final OutputStream out;
        private final long limit;
        private final String describe;
        private long count;

        Spooling(InputStream in, OutputStream out, long limit, String describe) {
            this.in = in;
            this.out = out;
            this.limit = limit;
            this.describe = describe;
        }

        long count() {
            return count;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new StowageException(Reason.INVALID, describe + ": inflates past " + limit
                            + " bytes (more than " + MAX_RATIO + " times its size, or the free space); refused");
                }
                out.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }
    }

    /**
     * One pass over the headers, streaming: only each entry's name, offset, size and link are
     * kept, at most {@value #MAX_ENTRIES} of them, so a tar of a million tiny entries costs
     * neither the heap nor more than a header read each (entries' bytes are skipped by seeking).
     */
    private void scan() throws IOException {
        ChannelSlice in = new ChannelSlice(channel, 0, channel.size()); // closing it leaves the channel open
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            int count = 0;
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                if (++count > MAX_ENTRIES) {
                    throw new StowageException(Reason.INVALID, describe + ": more than " + MAX_ENTRIES
                            + " entries; not an image archive");
                }
                long dataOffset = in.position();
                String raw = e.getName();
                String name = raw.replaceAll("^(\\./)+", "").replaceAll("/$", "");
                if (e.isDirectory()) {
                    if (!name.isEmpty()) {
                        LayoutFiles.checked(describe, raw);
                    }
                    continue;
                }
                name = LayoutFiles.checked(describe, raw);
                Entry entry;
                if (e.isSymbolicLink()) {
                    entry = new Entry(0, 0, symlinkTarget(name, e.getLinkName()));
                } else if (e.isLink()) {
                    entry = new Entry(0, 0, hardlinkTarget(name, e.getLinkName()));
                } else if (e.isSparse()) {
                    throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": a sparse file; not allowed");
                } else if (!e.isFile() || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new StowageException(Reason.INVALID, describe + ": entry " + name
                            + ": a device, FIFO or other special file; not allowed");
                } else {
                    entry = new Entry(dataOffset, e.getSize(), null);
                }
                if (entries.put(name, entry) != null) {
                    throw new StowageException(Reason.INVALID, describe + ": entry " + name + " appears twice");
                }
            }
        }
        for (String name : entries.keySet()) {
            resolve(name);
        }
    }

    /** A hard link's target, a path from the archive's top; refused when absolute or outside. */
    private String hardlinkTarget(String name, String target) {
        try {
            return LayoutFiles.checked(describe, target);
        } catch (StowageException e) {
            throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": link to " + target
                    + " points outside the archive");
        }
    }

    /** A symbolic link's target as a path inside the archive; refused when absolute or outside. */
    private String symlinkTarget(String name, String target) {
        if (target.startsWith("/")) {
            throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": link to " + target
                    + " points outside the archive");
        }
        int slash = name.lastIndexOf('/');
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        if (slash > 0) {
            for (String p : name.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": link to " + target
                            + " points outside the archive");
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** The regular file a name leads to, following links. */
    private Entry resolve(String name) {
        String at = name;
        for (int i = 0; i <= MAX_LINKS; i++) {
            Entry e = entries.get(at);
            if (e == null) {
                if (at.equals(name)) {
                    return null;
                }
                throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": link to " + at
                        + ", which the archive does not hold");
            }
            if (e.link() == null) {
                return e;
            }
            at = e.link();
        }
        throw new StowageException(Reason.INVALID, describe + ": entry " + name + ": more than " + MAX_LINKS + " links in a row");
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean exists(String path) {
        return resolve(LayoutFiles.checked(describe, path)) != null;
    }

    @Override
    public long size(String path) {
        Entry e = resolve(LayoutFiles.checked(describe, path));
        if (e == null) {
            throw missing(path);
        }
        return e.size();
    }

    @Override
    public InputStream open(String path, long offset) {
        Entry e = resolve(LayoutFiles.checked(describe, path));
        if (e == null) {
            throw missing(path);
        }
        long skip = Math.min(offset, e.size());
        return new ChannelSlice(channel, e.offset() + skip, e.size() - skip);
    }

    @Override
    public void close() {
        try {
            channel.close();
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, describe + ": " + FileKinds.reason(e), e);
        }
    }
}
