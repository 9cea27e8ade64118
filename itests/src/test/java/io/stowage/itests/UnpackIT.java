package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code image:unpack} against {@code umoci unpack} of the same image: the fixture's three-layer
 * image with a whiteout unpacks to the same tree (paths, types, modes, owners, link targets,
 * contents, listed by tree-listing.py), and runc runs the bundle (as root); a layer that tries to write outside its root is refused
 * with one line naming the layer and the entry, nothing outside is touched, and the directory the
 * unpack made is gone again.
 */
class UnpackIT {
    private final Fixture f = Fixture.get();

    private static String listing(Path tree) throws Exception {
        Path script = Files.createTempFile("tree-listing", ".py");
        try (var in = UnpackIT.class.getResourceAsStream("/tree-listing.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Processes.check(tree, Map.of(), List.of("python3", script.toString(), tree.toString())).out();
    }

    @Test
    void theSameTreeAsUmociUnpack() throws Exception {
        Path work = Files.createTempDirectory("stowage-unpack-");
        String ref = f.ref("app:latest");
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + ref, "oci:" + work.resolve("layout") + ":app");
        List<String> umoci = "root".equals(System.getProperty("user.name")) ? List.of("umoci", "unpack") : List.of("umoci", "unpack", "--rootless");
        Processes.check(work, Map.of(), concat(umoci, "--image", work.resolve("layout") + ":app", work.resolve("umoci").toString()));

        Stowage stowage = new Stowage();
        stowage.ok("image:pull", ref);
        String out = stowage.ok("image:unpack", ref, work.resolve("stowage").toString()).out();
        assertEquals(work.resolve("stowage/rootfs") + "\n", out);

        String expected = listing(work.resolve("umoci/rootfs"));
        assertTrue(expected.contains("bin/busybox file") && expected.contains("bin/sh link -> busybox") && expected.contains("etc/second file")
                && !expected.contains("etc/greeting"), "umoci unpacked busybox, and the third layer's whiteout took etc/greeting: " + expected);
        assertEquals(expected, listing(work.resolve("stowage/rootfs")));
        if ("root".equals(System.getProperty("user.name"))) {
            assertEquals(withoutMountPoints(expected), containerRoot(stowage, ref, "busybox", "sleep", "600"), "the overlay of the snapshots, the same tree");
        }
        // beside it, config.json: runc runs the bundle, the image's Cmd (sh -c 'echo hi') and all
        if ("root".equals(System.getProperty("user.name"))) {
            Processes.Result ran = Processes.run(work, Map.of(), List.of("runc", "--root", work.resolve("runc-state").toString(), "run",
                    "--bundle", work.resolve("stowage").toString(), "unpack-it-" + ProcessHandle.current().pid()));
            assertEquals(0, ran.exit(), ran.toString());
            assertEquals("hi\n", ran.out());
        }
        // the image ID works as well as the name, and a directory that holds anything is refused
        Processes.Result full = stowage.run("image:unpack", ref, work.resolve("stowage").toString());
        assertNotEquals(0, full.exit());
        assertEquals("Error: directory " + work.resolve("stowage") + " is not empty; unpack writes to a new one\n", full.err());
    }

    @Test
    void aLayerWritingOutsideItsRootIsRefusedAndNothingIsLeft() throws Exception {
        Path work = Files.createTempDirectory("stowage-unpack-hostile-");
        Path victim = Files.createDirectories(work.resolve("victim"));
        // a layer whose second entry climbs out of the root, made with Python's tarfile (umoci would refuse to write it)
        Path tar = work.resolve("evil.tar");
        Processes.check(work, Map.of(), List.of("python3", "-c", String.join("\n",
                "import io, tarfile, sys",
                "t = tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT)",
                "for name in ['ok.txt', '../victim/pwned']:",
                "    data = b'payload'",
                "    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))",
                "t.close()"), tar.toString()));
        Processes.check(work, Map.of(), List.of("umoci", "init", "--layout", work.resolve("layout").toString()));
        Processes.check(work, Map.of(), List.of("umoci", "new", "--image", work.resolve("layout") + ":evil"));
        Processes.check(work, Map.of(), List.of("umoci", "raw", "add-layer", "--image", work.resolve("layout") + ":evil", tar.toString()));
        String ref = f.host() + "/evil:latest";
        f.skopeoBytes("copy", "-q", "--dest-tls-verify=false", "oci:" + work.resolve("layout") + ":evil", "docker://" + ref);

        Stowage stowage = new Stowage();
        stowage.ok("image:pull", ref); // a pull stores what it is given: unpacking is where the entries matter
        Path target = work.resolve("rootfs-parent/bundle");
        Processes.Result r = stowage.run("image:unpack", ref, target.toString());
        assertNotEquals(0, r.exit());
        String layer = Fixture.json(stowage.ok("image:inspect", ref).out()).get(0).get("RootFS").toString();
        assertTrue(r.err().matches("Error: layer sha256:[0-9a-f]{64}: entry \"\\.\\./victim/pwned\" climbs out of the root with \\.\\.; "
                + "unpacking stopped\n"), r.err() + " " + layer);
        assertEquals(List.of(), Files.list(victim).toList(), "nothing written outside");
        assertFalse(Files.exists(target), "the directory the unpack made is gone");
        assertFalse(r.out().contains("Exception") || r.err().contains("Exception"), r.toString());

        // the same layer as a container's snapshot (as root): refused alike, no snapshot, no container, nothing mounted
        if ("root".equals(System.getProperty("user.name"))) {
            Processes.Result c = stowage.run("container:create", ref);
            assertEquals(1, c.exit());
            assertTrue(c.err().matches("Error: layer sha256:[0-9a-f]{64}: entry \"\\.\\./victim/pwned\" climbs out of the root with \\.\\.; "
                    + "unpacking stopped\n"), c.err());
            assertEquals(List.of(), Files.list(victim).toList(), "nothing written outside");
            try (var left = Files.list(stowage.data.resolve("snapshots"))) {
                assertEquals(List.of(".lock"), left.map(p -> p.getFileName().toString()).toList(), "no snapshot, no half-made one");
            }
            assertEquals(1, stowage.ok("container:ls", "-a").lines().size(), "no container");
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(stowage.data.toString()), "nothing mounted");
        }
    }

    /**
     * Debian's minbase (debootstrap from the machine's Debian mirror, as root), then a second layer
     * that deletes the documentation and adds a directory (umoci's whiteouts): the same tree as
     * {@code umoci unpack}'s, some 6 000 entries with set-user-ID programs, hard links and owners.
     */
    @Test
    void debianMinbaseUnpacksAsUmociUnpacksIt() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "debootstrap needs root");
        Path work = Files.createTempDirectory("stowage-unpack-debian-");
        String mirror = Processes.check(work, Map.of(), List.of("sh", "-c", "{ grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null"
                + " | awk '{print $2}'; grep -h '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; }"
                + " | grep -m1 '/debian/\\?$' || true")).out().strip();
        assertFalse(mirror.isEmpty(), "a Debian mirror in the apt configuration");
        String suite = Processes.check(work, Map.of(), List.of("sh", "-c", ". /etc/os-release && echo ${VERSION_CODENAME:-bookworm}"))
                .out().strip();
        Processes.check(work, Map.of(), List.of("debootstrap", "--variant=minbase", suite, work.resolve("debian").toString(), mirror));
        String layout = work.resolve("layout").toString();
        Processes.check(work, Map.of(), List.of("tar", "-C", work.resolve("debian").toString(), "-cf", work.resolve("debian.tar").toString(), "."));
        Processes.check(work, Map.of(), List.of("umoci", "init", "--layout", layout));
        Processes.check(work, Map.of(), List.of("umoci", "new", "--image", layout + ":base"));
        Processes.check(work, Map.of(), List.of("umoci", "raw", "add-layer", "--image", layout + ":base", work.resolve("debian.tar").toString()));
        Processes.check(work, Map.of(), List.of("umoci", "unpack", "--image", layout + ":base", work.resolve("edit").toString()));
        Processes.check(work, Map.of(), List.of("sh", "-c", "rm -rf edit/rootfs/usr/share/doc/* edit/rootfs/etc/motd"
                + " && mkdir -p edit/rootfs/opt/new && echo x > edit/rootfs/opt/new/file"));
        Processes.check(work, Map.of(), List.of("umoci", "repack", "--image", layout + ":debian", work.resolve("edit").toString()));
        Processes.check(work, Map.of(), List.of("umoci", "unpack", "--image", layout + ":debian", work.resolve("umoci").toString()));

        Stowage stowage = new Stowage();
        String id = stowage.ok("image:pull", "-q", "oci:" + layout + ":debian").out().strip().lines().reduce((a, b) -> b).orElse("");
        stowage.ok("image:unpack", id, work.resolve("stowage").toString());
        String expected = listing(work.resolve("umoci/rootfs"));
        assertTrue(expected.lines().count() > 3000 && expected.contains("usr/bin/su file") && expected.contains("opt/new/file")
                && !expected.contains("usr/share/doc/apt"), "umoci unpacked Debian and its whiteouts: " + expected.lines().count());
        assertEquals(expected, listing(work.resolve("stowage/rootfs")));
        assertEquals(withoutMountPoints(expected), containerRoot(stowage, id, "sleep", "600"), "the overlay of the snapshots, the whiteout layer applied through"
                + " an overlay of the first: the same tree");
        // a gigabyte of Debian trees, owned by root: gone when the test passed (left to look at when it failed)
        Processes.check(work.getParent(), Map.of(), List.of("rm", "-rf", work.toString()));
    }

    /**
     * The listing of the root filesystem a running container of {@code image} sees: its overlay of
     * snapshots, read on the host while the container runs; the mount points runc makes at the
     * top of a root that lacks them left out ({@link #withoutMountPoints}). The
     * container is removed again.
     */
    private static String containerRoot(Stowage stowage, String image, String... command) throws Exception {
        List<String> create = new java.util.ArrayList<>(List.of("container:create", image));
        create.addAll(List.of(command));
        String id = stowage.ok(create.toArray(new String[0])).out().strip();
        stowage.ok("container:start", id);
        try {
            Path rootfs = stowage.data.resolve("containers").resolve(id).resolve("rootfs");
            assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(rootfs.toString()), "the container's root is mounted: "
                    + stowage.run("container:ls", "-a") + stowage.run("container:logs", id));
            return withoutMountPoints(listing(rootfs));
        } finally {
            stowage.ok("container:rm", "-f", id);
        }
    }

    /** A listing without the top-level {@code proc}, {@code dev} and {@code sys} directories runc makes (their contents stay). */
    private static String withoutMountPoints(String listing) {
        return listing.lines().filter(l -> !l.matches("(proc|dev|sys) dir 0755 0:0")).map(l -> l + "\n").reduce("", String::concat);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
