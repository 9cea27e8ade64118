package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.LayerStatus;
import io.stowage.api.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PullDisplayTest {
    private static final Descriptor LAYER = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(new byte[] {1}), 1_000_000);

    private static String run(boolean live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PullDisplay d = new PullDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), live);
        d.pulling(ImageReference.parse("registry.test/app:1"));
        d.layer(LAYER, LayerStatus.WAITING);
        d.progress(LAYER, 500_000);
        d.progress(LAYER, 1_000_000);
        d.layer(LAYER, LayerStatus.VERIFYING);
        d.layer(LAYER, LayerStatus.DOWNLOAD_COMPLETE);
        d.layer(LAYER, LayerStatus.PULL_COMPLETE);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void notOnATerminalEachLayerIsOnePlainLine() {
        String id = LAYER.digest().shortHex();
        assertEquals("1: Pulling from app\n" + id + ": Pull complete\n", run(false));
    }

    @Test
    void onATerminalTheLayerLineIsRedrawnInPlace() {
        String out = run(true);
        String id = LAYER.digest().shortHex();
        assertTrue(out.contains("\u001b[2K" + id + ": Waiting\n"), out);
        assertTrue(out.contains("\u001b[1A\u001b[2K" + id + ": Downloading [" + "=".repeat(50) + ">]  1MB/1MB\n"), out);
        assertTrue(out.contains(id + ": Verifying Checksum\n") && out.contains(id + ": Download complete\n"), out);
        assertTrue(out.endsWith("\u001b[1A\u001b[2K" + id + ": Pull complete\n"), out);
    }

    @Test
    void theBarIsFiftyWideLikeDockers() {
        assertEquals("[" + "=".repeat(25) + ">" + " ".repeat(25) + "]  500kB/1MB", PullDisplay.bar(500_000, 1_000_000));
        assertEquals("[>" + " ".repeat(50) + "]  0B/1MB", PullDisplay.bar(0, 1_000_000));
    }
}
