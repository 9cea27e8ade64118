package io.stowage.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** A manifest decoded from any bytes. See {@link Decoding}. */
class ManifestFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void manifest(byte[] bytes) {
        Decoding.decodes(() -> {
            var m = OciJson.manifest(bytes, Decoding.WHAT);
            Decoding.wellFormed(m.config());
            m.layers().forEach(Decoding::wellFormed);
        });
    }
}
