package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where a user points {@code image:save -o} or {@code image:push oci:}, what is there and is not
 * a regular file (or a directory) stays as it is: one line says what it is, exit 1. (As root,
 * Docker once replaced {@code /dev/null} so, docker/cli#1514; the device here is a twin of it
 * made in the test's directory.)
 */
class WriteTargetIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private void assertRefused(Path target, String what, String... command) {
        Processes.Result r = stowage.run(command);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("Error: ") && r.err().endsWith(target + ": is " + what + "; it is left as it is\n"), r.toString());
    }

    @Test
    void aFifoADeviceAndAFileAreLeftAsTheyAre() throws Exception {
        String app = f.ref("app:latest");
        stowage.ok("image:pull", app);
        Path dir = stowage.data.getParent();

        Path fifo = dir.resolve("pipe");
        Processes.check(dir, Map.of(), List.of("mkfifo", fifo.toString()));
        assertRefused(fifo, "a FIFO, not a regular file", "image:save", "-o", fifo.toString(), app);
        assertEquals("p", kind(fifo));

        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        assertRefused(file, "a regular file, not a directory", "image:push", app, "oci:" + file);
        assertEquals("mine", Files.readString(file));

        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path device = dir.resolve("null-twin");
        Processes.check(dir, Map.of(), List.of("mknod", device.toString(), "c", "1", "3"));
        assertRefused(device, "a character device, not a regular file", "image:save", "-o", device.toString(), app);
        assertEquals("c", kind(device));
    }

    /** {@code stat}'s file type letter: p for a FIFO, c for a character device. */
    private static String kind(Path p) {
        return Processes.check(p.getParent(), Map.of(), List.of("stat", "-c", "%A", p.toString())).out().substring(0, 1);
    }
}
