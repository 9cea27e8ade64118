package io.stowage.transport.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a user points a save or a layout push, what is there already and is not a regular file
 * (or a directory for a layout) stays as it is: a rename over a device or FIFO would destroy it.
 */
class WriteTargetsTest {
    @TempDir
    Path dir;

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    private void assertRefused(Path target, String what, String expected) {
        StowageException e = assertThrows(StowageException.class, () -> new ArchiveWriter(target).close());
        assertEquals(Reason.INVALID, e.reason());
        assertEquals("archive " + target + ": is " + what + ", not a regular file; it is left as it is", e.getMessage());
        assertEquals(expected, io.stowage.oci.FileKinds.describe(target));
    }

    @Test
    void aFifoIsNotReplacedByASave() throws Exception {
        Path fifo = dir.resolve("pipe");
        run("mkfifo", fifo.toString());
        assertRefused(fifo, "a FIFO", "a FIFO");
        assertEquals(List.of(fifo), listing());
    }

    @Test
    void aDeviceIsNotReplacedByASave() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path device = dir.resolve("null-twin");
        run("mknod", device.toString(), "c", "1", "3"); // the same device as /dev/null, made here
        assertRefused(device, "a character device", "a character device");
        assertEquals(List.of(device), listing());
    }

    @Test
    void aDirectoryIsNotReplacedByASave() throws Exception {
        Path d = Files.createDirectory(dir.resolve("out.tar"));
        assertRefused(d, "a directory", "a directory");
    }

    @Test
    void aLayoutIsNotWrittenOverAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("layout"), "mine");
        StowageException e = assertThrows(StowageException.class, () -> new LayoutDestination(file, "x"));
        assertEquals("layout " + file + ": is a regular file, not a directory; it is left as it is", e.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aFileErrorSaysWhy() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
        readOnly.toFile().setWritable(false);
        StowageException e = assertThrows(StowageException.class, () -> new ArchiveWriter(readOnly.resolve("a.tar")));
        assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
