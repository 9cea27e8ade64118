package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void unitsAreDecimalAndBinary() {
        assertEquals(1024, Sizes.parse("1024", "x"));
        assertEquals(500_000_000L, Sizes.parse("500MB", "x"));
        assertEquals(2_000_000_000L, Sizes.parse("2 gb", "x"));
        assertEquals(1L << 30, Sizes.parse("1GiB", "x"));
        assertEquals(1_536L << 20, Sizes.parse("1.5GiB", "x"));
        assertEquals(3_000L, Sizes.parse("3kB", "x"));
        assertEquals(7, Sizes.parse("7B", "x"));
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"", "-1", "12XB", "1e9", "MB", "1.GB", "\u001b[31m1GB", "99999999999TB"}) {
            StowageException e = assertThrows(StowageException.class, () -> Sizes.parse(bad, "upload.max.size in io.stowage.server"), bad);
            assertTrue(e.getMessage().startsWith("upload.max.size in io.stowage.server: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\u001b"), "escaped: " + e.getMessage());
        }
    }
}
