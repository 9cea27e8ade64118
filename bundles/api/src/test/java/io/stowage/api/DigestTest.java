package io.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    @Test
    void digestsBytesWithSha256() {
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.of("hello".getBytes(StandardCharsets.US_ASCII)).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:../../etc/passwd", "sha256:ABC", "sha256:", ":abc", "abc",
        "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
        "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "sha512:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"})
    void refusesAnythingThatIsNotSha256Hex(String text) {
        assertThrows(StowageException.class, () -> Digest.parse(text));
    }

    @Test
    void platformParsesAndMatchesArm64VariantDefault() {
        Platform p = Platform.parse("linux/arm64");
        assertEquals(true, p.matches(new Platform("linux", "arm64", "v8")));
        assertEquals(false, Platform.parse("linux/arm/v7").matches(new Platform("linux", "arm", "v6")));
        assertEquals(false, Platform.parse("linux/amd64").matches(new Platform("linux", "arm64", "")));
        assertThrows(StowageException.class, () -> Platform.parse("linux"));
    }
}
