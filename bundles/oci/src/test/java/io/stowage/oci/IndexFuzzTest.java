package io.stowage.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** An index decoded from any bytes. See {@link Decoding}. */
class IndexFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void index(byte[] bytes) {
        Decoding.decodes(() -> OciJson.index(bytes, Decoding.WHAT).manifests().forEach(Decoding::wellFormed));
    }
}
