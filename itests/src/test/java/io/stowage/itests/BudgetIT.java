package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The disk budget in a running instance whose store is a 64 MiB tmpfs (mounted in a mount
 * namespace of its own): a pull beyond {@code budget.max.size} refused with the numbers before a
 * blob is asked for; with {@code evict=lru} the least recently used image no set pins evicted and
 * the pull done; {@code budget.min.free} measured on the tmpfs.
 */
class BudgetIT {
    private static final String MOUNT = """
            mount -t tmpfs -o size=64m stowage-budget "$1" || exit 90
            mkdir -p "$1/data"
            STOWAGE_DATA="$1/data" exec "$2"
            """;

    private final Fixture f = Fixture.get();

    /** Rewrites the core's configuration with {@code settings} after its shipped lines, and waits until the instance says its budget. */
    private static void budget(Stowage s, Running r, String shipped, String settings, String said) throws Exception {
        Files.writeString(s.home.resolve("etc/io.stowage.core.cfg"), shipped + "\n" + settings + "\n");
        r.awaitLog(said);
    }

    @Test
    void aPullBeyondTheBudgetIsRefusedBeforeAnyBlobOrMakesRoomByEvictingTheLeastRecentlyUsedImage() throws Exception {
        Stowage s = new Stowage();
        Path disk = Files.createDirectories(s.data.getParent().resolve("disk"));
        Path script = Files.writeString(s.data.getParent().resolve("mount.sh"), MOUNT);
        Path core = s.home.resolve("etc/io.stowage.core.cfg");
        String shipped = String.join("\n", Files.readAllLines(core).stream()
                .filter(l -> !l.matches("(budget\\.max\\.size|budget\\.min\\.free|evict|prune\\.until|prune\\.interval)=.*")).toList());
        Files.writeString(core, shipped + "\nbudget.max.size=25MB\n");
        String app = f.ref("app:latest");
        Files.writeString(s.home.resolve("etc/io.stowage.imageset-keep.cfg"), "images=" + app + "\n");
        try (FaultProxy proxy = new FaultProxy(f.host());
                Running r = new Running(s, List.of("unshare", "--user", "--map-root-user", "--mount", "sh", script.toString(),
                        disk.toString(), s.home.resolve("bin/stowage").toString()))) {
            r.awaitLog("image set keep: " + app + " present at ");
            r.type("image:pull " + f.ref("big:latest"), "Status: Downloaded newer image for " + f.ref("big:latest"));
            r.type("image:pull " + f.ref("other:latest"), "Status: Downloaded newer image for " + f.ref("other:latest"));

            // 25 MB: app, big and other hold about 20 MB, bulk needs 8.4 MB more
            String bulk = proxy.host() + "/bulk:latest";
            String refused = r.type("image:pull " + bulk, "Error: ");
            Matcher m = Pattern.compile("Error: pull " + Pattern.quote(bulk) + ": not enough room: it needs ([0-9.]+)MB and the store"
                    + " holds ([0-9.]+)MB of its 25MB budget \\(budget\\.max\\.size\\)\n").matcher(refused);
            assertTrue(m.find(), refused);
            assertEquals(8.39, Double.parseDouble(m.group(1)), 0.02, "the manifest's sizes: " + refused);
            assertTrue(Double.parseDouble(m.group(2)) > 19 && Double.parseDouble(m.group(2)) < 21, refused);
            assertEquals(List.of(), proxy.requests.stream().filter(q -> q.contains("/blobs/")).toList(), "no blob asked for");

            // with eviction: big goes (used before other; app, used first, is pinned by the set), bulk comes
            budget(s, r, shipped, "budget.max.size=25MB\nevict=lru", "disk budget: store at most 25MB, eviction lru");
            r.type("image:pull " + bulk, "Status: Downloaded newer image for " + bulk);
            String ls = r.type("image:ls", "REPOSITORY");
            assertTrue(ls.contains(f.host() + "/app ") && ls.contains(f.host() + "/other ") && ls.contains(proxy.host() + "/bulk "), ls);
            assertFalse(ls.contains("/big "), ls);
            String log = r.awaitLog("evicted image ");
            assertTrue(Pattern.compile("evicted image sha256:[0-9a-f]{64} \\(" + Pattern.quote(f.ref("big:latest")) + "\\), last used"
                    + " \\S+, to make room for " + Pattern.quote(bulk) + " \\(budget\\.max\\.size\\): 18\\.\\dMB freed").matcher(log).find(),
                    log);
            assertEquals(1, Pattern.compile("evicted image ").matcher(log).results().count(), "one image evicted: " + log);

            // the file system's free space: a 64 MiB tmpfs holding about 10 MB has about 57 MB free
            budget(s, r, shipped, "budget.min.free=45MB", "disk budget: at least 45MB free, eviction none");
            refused = r.type("image:pull " + f.ref("big:latest"), "Error: ");
            assertTrue(Pattern.compile("Error: pull " + Pattern.quote(f.ref("big:latest")) + ": not enough room: it needs 18\\.\\dMB and"
                    + " its file system has 5\\d\\.?\\d*MB free, of which 45MB must stay free \\(budget\\.min\\.free\\)\n").matcher(refused)
                    .find(), refused);
        }
    }
}
