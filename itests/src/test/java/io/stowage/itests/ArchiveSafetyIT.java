package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile archives, made from ones skopeo writes by changing one thing each: refused with one
 * line naming the file and the entry, a non-zero exit, and the store exactly as it was.
 */
class ArchiveSafetyIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();
    private Path work;
    private Path docker;
    private Path oci;
    private List<String> before;
    private String index;

    private record Entry(TarArchiveEntry header, byte[] bytes) {
    }

    @BeforeEach
    void validArchivesAndAStoreHoldingAnImage() throws IOException {
        work = Files.createTempDirectory(f.work, "hostile-");
        docker = work.resolve("docker.tar");
        oci = work.resolve("oci.tar");
        for (String target : List.of("docker-archive:" + docker + ":app:1", "oci-archive:" + oci + ":app:1")) {
            Processes.check(work, Map.of(), List.of("skopeo", "copy", "-q", "--src-tls-verify=false",
                    "docker://" + f.ref("app:latest"), target));
        }
        stowage.ok("image:pull", f.ref("other:latest"));
        before = stowage.files();
        index = stowage.read("index.json");
    }

    private static List<Entry> entries(Path tar) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = t.getNextEntry()) != null;) {
                out.add(new Entry(e, t.readAllBytes()));
            }
        }
        return out;
    }

    /** A copy of {@code tar} with its entries changed by {@code change}. */
    private Path hostile(Path tar, String name, UnaryOperator<List<Entry>> change) throws IOException {
        Path file = work.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : change.apply(entries(tar))) {
                e.header().setSize(e.header().isFile() && !e.header().isSymbolicLink() ? e.bytes().length : 0);
                t.putArchiveEntry(e.header());
                t.write(e.bytes());
                t.closeArchiveEntry();
            }
        }
        return file;
    }

    private static Entry file(String name, byte[] bytes) {
        TarArchiveEntry h = new TarArchiveEntry(name, true);
        return new Entry(h, bytes);
    }

    private static List<Entry> plus(List<Entry> entries, Entry extra) {
        List<Entry> out = new ArrayList<>(entries);
        out.add(extra);
        return out;
    }

    /** Loads {@code file}: one Error line that names the file and ends so, exit 1, the store untouched. */
    private void refused(Path file, String end, String... command) {
        Processes.Result r = stowage.run(command.length > 0 ? command : new String[] {"image:load", "-i", file.toString()});
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).startsWith("Error: ") && err.get(0).contains(file.toString()), r.toString());
        assertTrue(err.get(0).endsWith(end), r.toString());
        assertFalse(r.out().contains("\tat ") || r.err().contains("\tat "), r.toString());
        assertEquals(before, stowage.files());
        assertEquals(index, stowage.read("index.json"));
    }

    @Test
    void absolutePathsAndDotDotAreRefused() throws IOException {
        refused(hostile(docker, "absolute.tar", l -> plus(l, file("/etc/cron.d/evil", new byte[] {1}))),
                "entry /etc/cron.d/evil: not a relative path");
        refused(hostile(docker, "dotdot.tar", l -> plus(l, file("blobs/../../evil", new byte[] {1}))),
                "entry blobs/../../evil: a path that leaves the archive or is not plain");
    }

    @Test
    void aLinkLeadingOutsideIsRefused() throws IOException {
        Path file = hostile(docker, "link.tar", l -> {
            List<Entry> out = new ArrayList<>();
            for (Entry e : l) {
                if (e.header().getName().endsWith("/layer.tar")) {
                    TarArchiveEntry link = new TarArchiveEntry(e.header().getName(), TarConstants.LF_SYMLINK, true);
                    link.setLinkName("../../../../etc/passwd");
                    out.add(new Entry(link, new byte[0]));
                } else {
                    out.add(e);
                }
            }
            return out;
        });
        refused(file, "link to ../../../../etc/passwd points outside the archive");
    }

    @Test
    void aDuplicateNameIsRefused() throws IOException {
        refused(hostile(docker, "twice.tar", l -> plus(l, file("manifest.json", "[]".getBytes()))),
                "entry manifest.json appears twice");
    }

    @Test
    void aBlobLargerThanItsDescriptorIsRefusedNamingTheEntry() throws IOException {
        String layer = f.inspect("app:latest").get("Layers").get(1).asText().substring(7);
        Path file = hostile(oci, "size.tar", l -> l.stream().map(e -> e.header().getName().endsWith(layer)
                ? new Entry(e.header(), java.util.Arrays.copyOf(e.bytes(), e.bytes().length + 7)) : e).toList());
        long size = sizeOf(oci, layer);
        refused(file, "entry blobs/sha256/" + layer + " holds " + (size + 7) + " bytes, its descriptor says " + size,
                "image:pull", "oci-archive:" + file);
    }

    @Test
    void aMissingBlobIsRefusedNamingIt() throws IOException {
        String layer = f.inspect("app:latest").get("Layers").get(2).asText().substring(7);
        Path file = hostile(oci, "missing.tar", l -> l.stream().filter(e -> !e.header().getName().endsWith(layer)).toList());
        refused(file, "no blobs/sha256/" + layer);
    }

    /** As many entries as an archive may have, each a header alone: scanned in a 64 MiB heap, then refused as no image. */
    @Test
    void anArchiveOfManyEntriesIsScannedInASmallHeap() throws IOException {
        Path file = work.resolve("many.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < 100_000; i++) {
                t.putArchiveEntry(new TarArchiveEntry("blobs/sha256/" + String.format("%064x", i)));
                t.closeArchiveEntry();
            }
        }
        Processes.Result r = stowage.run("", Map.of("JAVA_OPTS", "-Xmx64m"), "image:load", "-i", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("Error: ") && r.err().endsWith("archive " + file
                + ": neither manifest.json nor index.json; not an image archive\n"), r.toString());
        assertEquals(before, stowage.files());
    }

    /** Zeros end a tar at once: inflating stops there, and the bomb is no image archive. */
    @Test
    void aGzipBombOfZerosIsRefusedWithoutInflatingIt() throws IOException {
        Path file = work.resolve("bomb.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                out.write(zeros);
            }
        }
        refused(file, "neither manifest.json nor index.json; not an image archive");
    }

    /** An entry that declares more than 200 times the archive is refused from its header, none of it written. */
    @Test
    void aGzipArchiveWhoseEntryDeclaresTooMuchIsRefusedFromItsHeader() throws IOException {
        Path file = work.resolve("declared.tar.gz");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            TarArchiveEntry e = new TarArchiveEntry("blobs/sha256/" + "0".repeat(64));
            e.setSize(256L << 20);
            t.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                t.write(zeros);
            }
            t.closeArchiveEntry();
        }
        refused(file, "(200 times the archive, or the free space); refused");
    }

    private static long sizeOf(Path tar, String hexSuffix) {
        try {
            return entries(tar).stream().filter(e -> e.header().getName().endsWith(hexSuffix)).findFirst().orElseThrow()
                    .bytes().length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
