package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.ContainerConfig;
import io.stowage.api.Digest;
import io.stowage.api.History;
import io.stowage.api.Image;
import io.stowage.api.ImageConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTableTest {
    private static final String LONG = "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl ca-certificates";
    private final Digest id = Digest.of(new byte[] {7});
    private final Image image = new Image(id, id, List.of(), List.of(), 3000, Instant.now(),
            new ImageConfig("2020-01-01T00:00:00Z", null, "amd64", "linux", null, ContainerConfig.EMPTY, List.of(),
                    List.of(new History("2020-01-01T00:00:00Z", "ADD rootfs.tar /", null, false),
                            new History("2020-01-01T00:00:00Z", LONG, "built", false),
                            new History("2020-01-01T00:00:00Z", "CMD [\"sh\"]", null, true))));

    @Test
    void newestFirstWithLayerSizesAndTruncation() {
        List<String> rows = HistoryTable.render(image, List.of(1000L, 2000L), false, false).lines().toList();
        assertEquals(4, rows.size());
        assertTrue(rows.get(1).startsWith(id.shortHex() + " ") && rows.get(1).contains("CMD [\"sh\"]") && rows.get(1).matches(".* 0B *"),
                rows.get(1));
        assertTrue(rows.get(2).startsWith("<missing> ") && rows.get(2).contains(LONG.substring(0, 44) + "…")
                && !rows.get(2).contains(LONG) && rows.get(2).contains(" 2kB ") && rows.get(2).endsWith("built"), rows.get(2));
        assertTrue(rows.get(3).contains("ADD rootfs.tar /") && rows.get(3).contains(" 1kB"), rows.get(3));
        assertTrue(HistoryTable.render(image, List.of(1000L, 2000L), true, false).contains(LONG));
        assertEquals(id.shortHex() + "\n<missing>\n<missing>\n", HistoryTable.render(image, List.of(), false, true));
    }
}
