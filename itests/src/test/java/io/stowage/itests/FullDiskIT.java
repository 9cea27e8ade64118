package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full disk: the data directory on a 40 MiB tmpfs (mounted in a mount namespace of its own, so
 * the test needs no root on the host), filled until 8 MiB are left. A pull of an 18 MiB image
 * fails with a one-line error, leaves the store as it was (no blob, no ingest, no lease), and
 * once space is freed the same pull succeeds.
 */
class FullDiskIT {
    private static final String SCRIPT = """
            set -u
            disk="$1"; out="$2"; stowage="$3"; app="$4"; big="$5"; data="$disk/data"
            mount -t tmpfs -o size=40m stowage-full-disk "$disk" || exit 90
            step() { name=$1; shift; STOWAGE_DATA="$data" "$stowage" "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null; echo $? >"$out/$name.exit"; }
            files() { (cd "$data" && find . -type f | sort) >"$out/$1.files"; }
            step pull-app image:pull "$app"
            files before
            avail=$(df -k --output=avail "$disk" | tail -1)
            dd if=/dev/zero of="$disk/filler" bs=1024 count=$((avail - 8192)) 2>/dev/null
            step pull-full image:pull "$big"
            files after
            step verify-full store:verify
            step ls-full image:ls
            dd if=/dev/zero of="$disk/filler2" bs=1024 count=$(($(df -k --output=avail "$disk" | tail -1) - 256)) 2>/dev/null
            step health-full stowage:health
            rm "$disk/filler2"
            rm "$disk/filler"
            step pull-freed image:pull "$big"
            step verify store:verify
            step ls image:ls
            step health stowage:health
            """;

    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aPullThatRunsOutOfSpaceFailsCleanlyAndSucceedsOnceSpaceIsFreed() throws Exception {
        Path root = stowage.data.getParent();
        Path disk = Files.createDirectories(root.resolve("disk"));
        Path out = Files.createDirectories(root.resolve("steps"));
        Path script = Files.writeString(root.resolve("full-disk.sh"), SCRIPT);
        String app = f.ref("app:latest");
        String big = f.ref("big:latest");
        Processes.Result run = Processes.run(root, Map.of(), List.of("unshare", "--user", "--map-root-user", "--mount",
                "sh", script.toString(), disk.toString(), out.toString(), stowage.home.resolve("bin/stowage").toString(), app, big));
        assertEquals(0, run.exit(), "the scenario ran: " + run);

        assertEquals(0, exit(out, "pull-app"), read(out, "pull-app.err"));
        assertEquals(1, exit(out, "pull-full"));
        List<String> error = read(out, "pull-full.err").lines().toList();
        assertEquals(1, error.size(), error.toString());
        assertTrue(error.get(0).startsWith("Error: pull " + big + ": ") && error.get(0).endsWith("No space left on device"),
                error.get(0));
        assertEquals(read(out, "before.files"), read(out, "after.files"), "the store as it was, nothing partial kept");

        assertEquals(0, exit(out, "verify-full"), read(out, "verify-full.out"));
        assertFalse(read(out, "ls-full.out").contains("big"), read(out, "ls-full.out"));

        assertEquals(0, exit(out, "pull-freed"), read(out, "pull-freed.err"));
        assertTrue(read(out, "pull-freed.out").contains("Downloaded newer image for " + big), read(out, "pull-freed.out"));
        assertEquals(0, exit(out, "verify"), read(out, "verify.out"));
        assertTrue(read(out, "ls.out").contains(f.host() + "/big"), read(out, "ls.out"));

        // stowage:health: CRITICAL with under 1 % free; OK once space is freed and the pull went through
        assertEquals(1, exit(out, "health-full"), read(out, "health-full.out"));
        assertTrue(read(out, "health-full.out").matches("(?s).*Stowage store: CRITICAL\n  OK +\\S+ is writable\n  CRITICAL +\\S+: [0-9.]+ GB free of 0\\.0 GB \\(0%\\).*"),
                read(out, "health-full.out"));
        assertEquals("Error: not healthy: Stowage pulls (WARN), Stowage store (CRITICAL)\n", read(out, "health-full.err"));
        assertEquals(0, exit(out, "health"), read(out, "health.out") + read(out, "health.err"));
        assertTrue(read(out, "health.out").contains("Stowage pulls: OK\n  OK        " + f.host() + ": last pull succeeded at "),
                read(out, "health.out"));
    }

    private static int exit(Path out, String step) throws IOException {
        return Integer.parseInt(read(out, step + ".exit").trim());
    }

    private static String read(Path out, String name) throws IOException {
        return Files.readString(out.resolve(name));
    }
}
