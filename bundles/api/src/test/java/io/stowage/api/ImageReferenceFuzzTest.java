package io.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The reference parser on any string (the input's bytes as UTF-8, so that the inputs are text): it returns a reference that prints back to itself, or
 * refuses with an INVALID error on one line; nothing else (no other exception, no hang).
 * {@code mvn test} replays the checked-in inputs ({@code ImageReferenceFuzzTestInputs/}); the build
 * also fuzzes briefly, and {@code JAZZER_FUZZ=1 mvn test -pl bundles/api -Dtest=ImageReferenceFuzzTest
 * -Djazzer.max_duration=10m} fuzzes for longer.
 */
class ImageReferenceFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parseGivesAReferenceOrSaysWhyNot(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (StowageException e) {
            assertEquals(StowageException.Reason.INVALID, e.reason());
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            return;
        }
        String printed = ref.toString();
        assertEquals(ref, ImageReference.parse(printed), "prints back to itself: " + printed);
        assertEquals(ref, ImageReference.parse(ref.familiar()), "familiar form too: " + ref.familiar());
        assertTrue(printed.chars().allMatch(c -> c > 0x20 && c < 0x7f), "printable: " + printed);
        assertEquals(ref.repository().toLowerCase(java.util.Locale.ROOT), ref.repository());
    }
}
