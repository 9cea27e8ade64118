package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** An image configuration decoded from any bytes. See {@link Decoding}. */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void config(byte[] bytes) {
        Decoding.decodes(() -> OciJson.config(bytes, Decoding.WHAT).diffIds()
                .forEach(d -> assertTrue(d.hex().matches("[a-f0-9]{64}"), d.toString())));
    }
}
