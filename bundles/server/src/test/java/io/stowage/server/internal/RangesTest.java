package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RangesTest {
    @Test
    void oneRangeWithinTheBlob() {
        assertNull(Ranges.parse(null, 100));
        assertArrayEquals(new long[] {5, 9}, Ranges.parse("bytes=5-9", 100));
        assertArrayEquals(new long[] {5, 99}, Ranges.parse("bytes=5-", 100));
        assertArrayEquals(new long[] {90, 99}, Ranges.parse("bytes=-10", 100));
        assertArrayEquals(new long[] {0, 99}, Ranges.parse("bytes=-1000", 100));
        assertArrayEquals(new long[] {95, 99}, Ranges.parse("bytes=95-1000", 100), "the end is clipped to the blob");
    }

    @Test
    void anythingElseIsUnsatisfiable() {
        for (String bad : new String[] {"bytes=100-", "bytes=9-5", "bytes=0-1,5-6", "items=0-1", "bytes=a-b", "bytes=-0", "bytes=5",
            "bytes=-", "bytes=99999999999999999999-"}) {
            assertSame(Ranges.UNSATISFIABLE, Ranges.parse(bad, 100), bad);
        }
    }
}
