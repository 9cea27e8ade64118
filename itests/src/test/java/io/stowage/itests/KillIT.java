package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of {@code bin/stowage image:pull} at random moments: afterwards the store verifies
 * (no corrupt blob, no incomplete image; an interrupted pull leaves at most garbage), and the
 * next pull completes, asking the registry only for what the killed pulls had not received
 * (HTTP Range, seen in the registry's access log). Seeded; the seed is printed, and
 * {@code -Dstowage.kill.seed} repeats a run.
 */
class KillIT {
    private static final int TRIALS = 20;
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void killedPullsLeaveAStoreThatVerifiesAndTheNextPullCompletes() throws Exception {
        long seed = Long.getLong("stowage.kill.seed", System.nanoTime());
        System.out.println("KillIT seed " + seed);
        Random random = new Random(seed);
        String ref = f.ref("big:latest");
        int completedBeforeKill = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long delay = 150 + random.nextInt(1000);
            ProcessBuilder pb = new ProcessBuilder(stowage.home.resolve("bin/stowage").toString(), "image:pull", ref)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("STOWAGE_DATA", stowage.data.toString());
            Process pull = pb.start();
            if (pull.waitFor(delay, TimeUnit.MILLISECONDS)) {
                completedBeforeKill++;
            } else {
                pull.destroyForcibly(); // SIGKILL: bin/stowage execs the JVM, so this is the JVM
                assertTrue(pull.waitFor(30, TimeUnit.SECONDS));
            }
            Processes.Result verify = stowage.run("store:verify");
            assertEquals(0, verify.exit(), "seed " + seed + ", trial " + trial + ", killed after " + delay + " ms: " + verify);
            // the next trial pulls from scratch again, so its kill can land in a download
            stowage.run("image:rm", ref);
        }
        System.out.println("KillIT: " + completedBeforeKill + " of " + TRIALS + " pulls finished before their kill");

        // One more kill, once 1 MiB has arrived: the next pull must ask only for the rest.
        Map<String, Long> kept = killWhenIngested(ref, 1L << 20);
        long logMark = Files.size(f.registry.root.resolve("registry.log"));
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.out().contains("Status: ") && pull.out().endsWith(ref + "\n"), pull.toString());
        String log = Files.readString(f.registry.root.resolve("registry.log")).substring((int) logMark);
        for (Map.Entry<String, Long> e : kept.entrySet()) {
            long size = Files.size(f.registry.blobData(e.getKey()));
            String get = "GET /v2/big/blobs/" + e.getKey() + " HTTP/1.1\" ";
            if (e.getValue() == size) { // all there, only not yet committed
                assertFalse(log.contains(get), "nothing to fetch of " + e.getKey() + " in\n" + log);
            } else {
                String expected = get + (e.getValue() == 0 ? "200 " : "206 ") + (size - e.getValue()) + " ";
                assertTrue(log.contains(expected), "expected a resumed fetch: " + expected + " in\n" + log);
            }
        }
        assertEquals(List.of(), stowage.ok("store:verify").lines().stream().filter(l -> l.startsWith("incomplete")).toList());
        assertEquals(Fixture.sha256(f.rawConfig("big:latest")),
                Fixture.json(stowage.ok("image:inspect", ref).out()).get(0).get("Id").asText());
        assertEquals(List.of(), ingests(), "nothing is left to resume after a complete pull");
    }

    /**
     * Starts pulls until one is killed with at least {@code bytes} received and not yet committed
     * (a pull that finishes first is removed and tried again); returns what each ingest kept.
     */
    private Map<String, Long> killWhenIngested(String ref, long bytes) throws Exception {
        for (int attempt = 1;; attempt++) {
            stowage.run("image:rm", ref);
            ProcessBuilder pb = new ProcessBuilder(stowage.home.resolve("bin/stowage").toString(), "image:pull", ref)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("STOWAGE_DATA", stowage.data.toString());
            Process pull = pb.start();
            while (pull.isAlive() && total(ingests()) < bytes) {
                Thread.sleep(2);
            }
            pull.destroyForcibly();
            assertTrue(pull.waitFor(30, TimeUnit.SECONDS));
            Map<String, Long> kept = new TreeMap<>();
            for (Path p : ingests()) {
                kept.put(p.getFileName().toString().replaceFirst("^sha256-", "sha256:"), Files.size(p));
            }
            if (total(ingests()) >= bytes) {
                System.out.println("KillIT: killed with " + kept + " kept, attempt " + attempt);
                return kept;
            }
            assertTrue(attempt < 10, "10 pulls finished before " + bytes + " bytes were received");
        }
    }

    private List<Path> ingests() throws IOException {
        try (Stream<Path> files = Files.list(stowage.data.resolve("ingest"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("sha256-")).sorted().toList();
        }
    }

    private static long total(List<Path> files) throws IOException {
        long sum = 0;
        for (Path p : files) {
            try {
                sum += Files.size(p);
            } catch (java.nio.file.NoSuchFileException committed) {
                // published meanwhile
            }
        }
        return sum;
    }
}
