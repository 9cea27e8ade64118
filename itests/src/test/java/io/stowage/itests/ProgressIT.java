package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pull progress: on a terminal (a pseudo-terminal from util-linux's {@code script}) the layer lines
 * are redrawn in place with Docker's states and bars; into a pipe the output is plain lines.
 */
class ProgressIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aTerminalSeesLiveLayerLines() {
        String ref = f.ref("big:latest");
        Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("script", "-qec", stowage.home.resolve("bin/stowage") + " image:pull " + ref, "/dev/null"));
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.contains("\u001b[2K"), "redrawn in place: " + out);
        assertTrue(out.contains(": Downloading [") && out.contains(": Verifying Checksum") && out.contains(": Download complete"), out);
        for (var layer : f.inspect("big:latest").get("Layers")) {
            assertTrue(out.contains(layer.asText().substring(7, 19) + ": Pull complete"), out);
        }
        assertTrue(out.contains("Status: Downloaded newer image for " + ref), out);
    }

    /**
     * Inside the shell on a terminal, a pull whose output goes to a file (or a pipe) writes plain
     * lines there, while the same pull on the terminal is redrawn: the command's own output decides.
     */
    @Test
    void inTheShellAPullRedirectedToAFileWritesPlainLines() throws Exception {
        String ref = f.ref("big:latest");
        java.nio.file.Path file = stowage.data.resolveSibling("pull.out");
        String typed = "image:pull " + ref + " > " + file + "\nimage:rm " + ref + "\nimage:pull " + ref + "\n\u0004";
        Processes.Result r = stowage.shell(typed);
        assertEquals(0, r.exit(), r.toString());
        String redirected = java.nio.file.Files.readString(file);
        assertTrue(redirected.contains("Status: Downloaded newer image for " + ref), redirected);
        assertFalse(redirected.chars().anyMatch(c -> c < 0x20 && c != '\n'), "plain lines: " + redirected);
        assertTrue(r.out().contains("\u001b[2K") && r.out().contains(": Downloading ["), "redrawn on the terminal: " + r.out());
    }

    @Test
    void aPipeSeesPlainLines() {
        String out = stowage.ok("image:pull", f.ref("big:latest")).out();
        assertFalse(out.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control characters: " + out);
        assertFalse(out.contains("Downloading"), out);
    }
}
