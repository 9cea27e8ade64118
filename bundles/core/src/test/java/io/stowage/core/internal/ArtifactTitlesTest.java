package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A layer's title becomes a file only when it is a plain file name: nothing a hostile title names outside the directory, nothing that acts on a terminal. */
class ArtifactTitlesTest {
    private static final Digest LAYER = Digest.of(new byte[] {1});

    @Test
    void plainNamesAreTaken() {
        for (String name : List.of("settings.properties", "model.bin", ".hidden", "a..b", "ünïcode.txt")) {
            assertEquals(name, Artifacts.fileName(name, LAYER));
        }
    }

    @Test
    void pathsDotNamesAndControlsAreRefused() {
        for (String title : List.of("", ".", "..", "../escape", "/etc/passwd", "dir/file", "a\\b", "x\u001b]0;owned\u0007",
                "right\u202eexe.txt", "nul\u0000", "x".repeat(256))) {
            StowageException e = assertThrows(StowageException.class, () -> Artifacts.fileName(title, LAYER), title);
            assertTrue(e.getMessage().startsWith("layer " + LAYER + ": title \"") && !e.getMessage().contains("\u001b"), e.getMessage());
        }
    }
}
