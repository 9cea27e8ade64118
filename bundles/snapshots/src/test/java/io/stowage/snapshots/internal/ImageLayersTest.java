package io.stowage.snapshots.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.api.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain IDs as the OCI image spec defines them; the expected values computed with sha256sum. */
class ImageLayersTest {
    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    private static final Digest C = Digest.parse("sha256:" + "c".repeat(64));

    @Test
    void theFirstIsTheDiffIdEachNextHashesTheOneBeforeAndItsDiffId() {
        assertEquals(List.of(A), ImageLayers.chainIds(List.of(A)));
        assertEquals(List.of(A, Digest.parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c"),
                Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588")), ImageLayers.chainIds(List.of(A, B, C)));
        assertEquals(List.of(), ImageLayers.chainIds(List.of()));
        // the same layers in another order are another stack
        assertEquals(B, ImageLayers.chainIds(List.of(B, A)).get(0));
    }
}
