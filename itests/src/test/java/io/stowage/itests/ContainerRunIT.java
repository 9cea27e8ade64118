package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers that run, as root, through {@code bin/stowage}: the fixture's busybox image unpacked
 * once into snapshots (one per layer, named by chain ID), a container's root an overlay of them
 * under its own writable layer, its process run by runc. Its output lands in
 * {@code container:logs}, its exit status in {@code container:ls}'s STATUS; a long-running one
 * stops on {@code container:stop}; removing the last container and then the image deletes the
 * snapshots, and nothing stays mounted.
 */
class ContainerRunIT {
    private final Fixture f = Fixture.get();
    private Stowage stowage;

    @BeforeEach
    void rootOnly() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "runc and overlay mounts need root");
        stowage = new Stowage();
    }

    /** A test that failed halfway leaves no process running and nothing mounted on the machine. */
    @AfterEach
    void removeEveryContainer() {
        if (stowage != null) {
            for (String id : stowage.run("container:ls", "-a", "-q").lines()) {
                stowage.run("container:rm", "-f", id);
            }
        }
    }

    private List<String> snapshots() throws Exception {
        Path dir = stowage.data.resolve("snapshots");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).sorted().toList();
        }
    }

    private String mounts() throws Exception {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    @Test
    void aContainerRunsPrintsExitsAndGoesWithItsSnapshots() throws Exception {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", "-q", ref);
        assertEquals(List.of(), snapshots(), "nothing is unpacked before a container needs it");

        String id = stowage.ok("container:create", "--name", "once", "-e", "GREETING=hello from", ref, "sh", "-c",
                "echo $GREETING $(cat /etc/second); echo to stderr >&2; exit 3").out().strip();
        assertEquals(3, snapshots().size(), "one snapshot per layer of the three-layer image: " + snapshots());
        assertFalse(mounts().contains(stowage.data.toString()), "a created container's root is not mounted yet");
        assertEquals("once\n", stowage.ok("container:start", "once").out());
        long deadline = System.nanoTime() + 20_000_000_000L;
        String ls;
        while (!(ls = stowage.ok("container:ls", "-a").out()).contains("Exited") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(ls.lines().anyMatch(l -> l.startsWith(id.substring(0, 12)) && l.contains("Exited (3)") && l.endsWith("once")), ls);
        System.out.println("container:ls -a after the first container exited:\n" + ls);
        assertEquals(1, ls.lines().count() - 1, ls);
        assertFalse(mounts().contains(id), "the exited container's root was unmounted");
        String logs = stowage.ok("container:logs", "once").out();
        // each stream in its order; between the two, runc (copying each through its own pipe) keeps none
        assertTrue(logs.lines().anyMatch(l -> l.startsWith("hello from ") && l.length() > "hello from ".length()),
                "the variable and the image's file (the third layer's /etc/second): " + logs);
        assertTrue(logs.lines().anyMatch("to stderr"::equals), logs);
        assertEquals(2, logs.lines().count(), logs);
        assertEquals("", stowage.ok("container:ls").out().lines().skip(1).reduce("", String::concat), "none runs");

        // a second container of the same image shares the snapshots; a long-running one stops on container:stop
        // a command the image lacks: runc's refusal, in one line, and nothing left mounted
        stowage.ok("container:create", "--name", "nosuch", ref, "no-such-program");
        Processes.Result refused = stowage.run("container:start", "nosuch");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().matches("Error: container [0-9a-f]{64}: runc: .*exec: \"no-such-program\": executable file not found in \\$PATH\n"),
                refused.err());
        assertFalse(mounts().contains(stowage.data.toString()), "the failed start unmounted the root");
        stowage.ok("container:rm", "nosuch");

        stowage.ok("container:create", "--name", "long", ref, "busybox", "sleep", "600");
        assertEquals(3, snapshots().size(), "the same snapshots: " + snapshots());
        stowage.ok("container:start", "long");
        assertTrue(stowage.ok("container:ls").out().lines().anyMatch(l -> l.contains(" Up ") && l.endsWith("long")));
        assertEquals(1, stowage.run("container:rm", "long").exit(), "a running container is not removed without -f");
        long before = System.nanoTime();
        stowage.ok("container:stop", "-t", "1", "long");
        assertTrue(System.nanoTime() - before < 30_000_000_000L);
        assertTrue(stowage.ok("container:ls", "-a").out().lines().anyMatch(l -> l.contains("Exited (") && l.endsWith("long")));

        // the image is held; with both containers gone and the image removed, the snapshots go
        assertEquals(1, stowage.run("image:rm", ref).exit());
        stowage.ok("container:rm", "once", "long");
        assertEquals(3, snapshots().size(), "the image still has them");
        stowage.ok("image:rm", ref);
        assertEquals(List.of(), snapshots(), "the last user gone, the snapshots went");
        assertFalse(mounts().contains(stowage.data.toString()), "nothing left mounted");
    }
}
