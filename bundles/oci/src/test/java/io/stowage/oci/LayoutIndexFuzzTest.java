package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stowage.api.Descriptor;
import java.util.List;

/** A layout's index.json decoded from any bytes; what is read writes back to the same entries. See {@link Decoding}. */
class LayoutIndexFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void layoutIndex(byte[] bytes) {
        Decoding.decodes(() -> {
            List<Descriptor> entries = OciJson.layoutIndex(bytes, Decoding.WHAT);
            entries.forEach(Decoding::wellFormed);
            assertEquals(entries, OciJson.layoutIndex(OciJson.layoutIndex(entries), Decoding.WHAT));
        });
    }
}
