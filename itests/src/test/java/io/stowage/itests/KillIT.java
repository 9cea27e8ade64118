package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of {@code bin/stowage image:pull} at random moments: afterwards the store verifies
 * (no corrupt blob, no incomplete image; an interrupted pull leaves at most garbage), and the
 * next pull completes. Seeded; the seed is printed, and {@code -Dstowage.kill.seed} repeats a run.
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
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.out().contains("Status: ") && pull.out().endsWith(ref + "\n"), pull.toString());
        assertEquals(List.of(), stowage.ok("store:verify").lines().stream().filter(l -> l.startsWith("incomplete")).toList());
        assertEquals(Fixture.sha256(f.rawConfig("big:latest")),
                Fixture.json(stowage.ok("image:inspect", ref).out()).get(0).get("Id").asText());
    }
}
