package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;

/**
 * What the decoders' fuzz tests hold of every input: a decoder returns a value whose digests are
 * well formed, or refuses with an INVALID or UNSUPPORTED error on one line naming what it read;
 * never another exception. {@code mvn test} replays each test's checked-in inputs
 * ({@code <Test>Inputs/}) and then fuzzes each test for {@code fuzz.duration} (10 s);
 * {@code mvn test -pl bundles/oci -Dtest=ManifestFuzzTest -Dfuzz.duration=10m} fuzzes one for longer.
 */
final class Decoding {
    static final String WHAT = "manifest sha256:fuzz";

    /** A decoding of fuzzed bytes. */
    interface Decode {
        void run();
    }

    private Decoding() {
    }

    static void decodes(Decode decode) {
        try {
            decode.run();
        } catch (StowageException e) {
            assertTrue(e.reason() == Reason.INVALID || e.reason() == Reason.UNSUPPORTED, e.reason() + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
            assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), "one line: " + e.getMessage());
        }
    }

    static void wellFormed(Descriptor d) {
        assertTrue(d.digest().hex().matches("[a-f0-9]{64}"), d.digest().toString());
        assertTrue(d.size() >= 0, "size " + d.size());
    }
}
