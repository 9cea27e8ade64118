package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The interactive shell on a pseudo-terminal, as people expect it: {@code exit} leaves, a typo
 * is one line with a suggestion, every command answers {@code --help}, Tab completes options
 * and stored images; and the one-shot CLI answers a typo without waiting for commands that will
 * not come.
 */
class ShellIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void exitLeavesAndATypoIsOneLineWithASuggestion() {
        Processes.Result r = stowage.shell("imag:ls\nimage:pull --help\nexit\n");
        String out = r.out().replace("\r", "");
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("unknown command \"imag:ls\"; did you mean image:ls? (help lists the commands)"), out);
        assertFalse(out.contains("CommandNotFoundException") || out.contains("Cannot coerce"), out);
        assertTrue(out.contains("Usage:  image:pull [OPTIONS] ARGS\n"), out);
        assertTrue(out.contains("  -a, --all-tags "), out);
    }

    @Test
    void tabCompletesOptionsAndStoredImages() {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", "-q", ref);
        String id = stowage.ok("image:ls", "-q").out().trim();
        // "--dig<Tab>" must become --digests (else: unknown flag), the image's prefix its name (else: No such image)
        String prefix = f.host() + "/ap";
        Processes.Result r = stowage.shell("image:ls --dig\t\nimage:history -q " + prefix + "\t\nexit\n");
        String out = r.out().replace("\r", "");
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("DIGEST"), "--dig completed to --digests: " + out);
        assertFalse(out.contains("unknown flag") || out.contains("No such image"), out);
        assertTrue(out.contains(id + "\n"), "the history of " + ref + ": " + out);
    }

    @Test
    void aOneShotTypoIsAnsweredWithoutTheWaitForCommands() {
        long start = System.nanoTime();
        Processes.Result r = stowage.run("imag:ls");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("did you mean image:ls?"), r.err());
        // the runner waits up to 5 s for a command that is still registering; once Stowage's are
        // all there, a name that is not is answered at once
        assertTrue(millis < 5000, "answered after " + millis + " ms");
    }
}
