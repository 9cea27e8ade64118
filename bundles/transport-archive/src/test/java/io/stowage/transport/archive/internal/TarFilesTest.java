package io.stowage.transport.archive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarFilesTest {
    @TempDir
    Path dir;

    private interface Content {
        void write(Tars t) throws IOException;
    }

    private Path tar(Content content) throws IOException {
        Path file = Files.createTempFile(dir, "t", ".tar");
        try (Tars t = Tars.to(file)) {
            content.write(t);
        }
        return file;
    }

    private static String text(LayoutFiles files, String path, long offset) throws IOException {
        try (InputStream in = files.open(path, offset)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsFilesInPlaceFollowingLinksInside() throws IOException {
        Path file = tar(t -> t.file("./a/layer.tar", "layer bytes").symlink("b/layer.tar", "../a/layer.tar")
                .hardlink("c", "a/layer.tar").file("x/" + "long".repeat(40), "long name"));
        try (TarFiles files = TarFiles.open(file)) {
            assertEquals("layer bytes", text(files, "a/layer.tar", 0));
            assertEquals("bytes", text(files, "b/layer.tar", 6));
            assertEquals("layer bytes", text(files, "c", 0));
            assertEquals(11, files.size("b/layer.tar"));
            assertEquals("long name", text(files, "x/" + "long".repeat(40), 0));
            assertFalse(files.exists("nothing"));
            StowageException missing = assertThrows(StowageException.class, () -> files.size("nothing"));
            assertEquals(Reason.NOT_FOUND, missing.reason());
            assertEquals("archive " + file + ": no nothing", missing.getMessage());
        }
    }

    private void refused(String expectedEnd, Content content) throws IOException {
        Path file = tar(content);
        StowageException e = assertThrows(StowageException.class, () -> TarFiles.open(file));
        assertEquals(Reason.INVALID, e.reason());
        assertEquals("archive " + file + ": " + expectedEnd, e.getMessage());
    }

    @Test
    void refusesEntriesThatLeaveTheArchiveOrAreNotPlainFiles() throws IOException {
        refused("entry /etc/passwd: not a relative path", t -> t.file("/etc/passwd", "x"));
        refused("entry blobs/../../x: a path that leaves the archive or is not plain", t -> t.file("blobs/../../x", "x"));
        refused("entry index.json appears twice", t -> t.file("index.json", "{}").file("./index.json", "{}"));
        refused("entry a/layer.tar: link to ../../etc/shadow points outside the archive",
                t -> t.symlink("a/layer.tar", "../../etc/shadow"));
        refused("entry a/layer.tar: link to /etc/shadow points outside the archive", t -> t.symlink("a/layer.tar", "/etc/shadow"));
        refused("entry a: link to gone, which the archive does not hold", t -> t.symlink("a", "gone"));
        refused("entry h: link to ../x points outside the archive",
                t -> t.hardlink("h", "../x"));
        refused("entry a: more than 8 links in a row", t -> t.symlink("a", "b").symlink("b", "a"));
        refused("entry dev/tty: a device, FIFO or other special file; not allowed", t -> t.device("dev/tty"));
    }

    @Test
    void readsAGzipTarThroughATemporaryFileItDeletes() throws IOException {
        Path plain = tar(t -> t.file("index.json", "{\"schemaVersion\":2}"));
        Path gz = dir.resolve("a.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        long before = spools();
        try (TarFiles files = TarFiles.open(gz)) {
            assertEquals("{\"schemaVersion\":2}", text(files, "index.json", 0));
            assertEquals(before + 1, spools());
        }
        assertEquals(before, spools());
    }

    @Test
    void anArchiveOfMoreEntriesThanAnImageHasIsRefused() throws IOException {
        Path tar = dir.resolve("many.tar");
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                        new java.io.BufferedOutputStream(Files.newOutputStream(tar), 1 << 20))) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i <= TarFiles.MAX_ENTRIES; i++) {
                out.putArchiveEntry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry("e/" + i));
                out.closeArchiveEntry();
            }
        }
        StowageException e = assertThrows(StowageException.class, () -> TarFiles.open(tar));
        assertEquals("archive " + tar + ": more than " + TarFiles.MAX_ENTRIES + " entries; not an image archive", e.getMessage());
    }

    /** A bomb of zeros is an empty tar at its first two blocks: inflating stops there, the rest is never written. */
    @Test
    void aGzipBombOfZerosIsNeverInflated() throws IOException {
        Path gz = dir.resolve("bomb.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) {
                out.write(zeros);
            }
        }
        long before = spools();
        long start = System.nanoTime();
        try (TarFiles files = TarFiles.open(gz)) {
            assertThrows(StowageException.class, () -> files.read("manifest.json", 1 << 20));
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000, "inflated the bomb");
        assertEquals(before, spools());
    }

    /** An entry declaring more than the bound is refused from its header, before its bytes are written. */
    @Test
    void aGzipTarWhoseEntryDeclaresPastTheBoundIsRefusedFromItsHeader() throws IOException {
        Path gz = dir.resolve("declared.tar.gz");
        long declared = 256L << 20;
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(gz)))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("blobs/sha256/zeros");
            e.setSize(declared);
            tar.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (long i = 0; i < declared; i += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        }
        long before = spools();
        StowageException e = assertThrows(StowageException.class, () -> TarFiles.open(gz));
        assertEquals(Reason.INVALID, e.reason());
        assertEquals("archive " + gz + ": entry blobs/sha256/zeros declares " + declared + " bytes, past the bound of "
                + TarFiles.MAX_RATIO * Files.size(gz) + " (" + TarFiles.MAX_RATIO + " times the archive, or the free space); refused",
                e.getMessage());
        assertEquals(before, spools());
    }

    @Test
    void refusesWhatIsNotATarAndWhatIsNotThere() throws IOException {
        Path junk = dir.resolve("junk.tar");
        Files.write(junk, "this is not a tar archive at all, not even close".repeat(20).getBytes(StandardCharsets.UTF_8));
        StowageException notTar = assertThrows(StowageException.class, () -> TarFiles.open(junk));
        assertEquals(Reason.INVALID, notTar.reason());
        assertTrue(notTar.getMessage().startsWith("archive " + junk + ": not a readable tar: "), notTar.getMessage());
        StowageException gone = assertThrows(StowageException.class, () -> TarFiles.open(dir.resolve("gone.tar")));
        assertEquals("archive " + dir.resolve("gone.tar") + ": no such file", gone.getMessage());
    }

    private static long spools() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("stowage-archive-")).count();
        }
    }

    @Test
    void readsAreIndependentAcrossStreams() throws IOException {
        byte[] a = "A".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        byte[] b = "B".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        Path file = tar(t -> t.file("a", a).file("b", b));
        try (TarFiles files = TarFiles.open(file); InputStream ina = files.open("a", 0); InputStream inb = files.open("b", 0)) {
            byte[] ra = new byte[a.length];
            byte[] rb = new byte[b.length];
            for (int i = 0; i < a.length; i += 1000) { // interleaved, as parallel layer copies read
                assertEquals(1000, ina.readNBytes(ra, i, 1000));
                assertEquals(1000, inb.readNBytes(rb, i, 1000));
            }
            assertArrayEquals(a, ra);
            assertArrayEquals(b, rb);
            assertEquals(-1, ina.read());
        }
    }
}
