package io.stowage.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The media type of any bytes taken as a root document. See {@link Decoding}. */
class MediaTypeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void mediaType(byte[] bytes) {
        Decoding.decodes(() -> OciJson.mediaType(bytes, null, Decoding.WHAT));
    }
}
