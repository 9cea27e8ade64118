package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.api.ImageReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidTagsTest {

    @Test
    void namesThatAreNotTagsAreSkippedWithOneEscapedLineEach() {
        List<String> skipped = new ArrayList<>();
        List<String> tags = Transfers.validTags(List.of("1.0", "\u001b]0;owned\u0007", "../../etc", "latest", "x".repeat(129), ""),
                ImageReference.parse("127.0.0.1:5000/app"), skipped::add);
        assertEquals(List.of("1.0", "latest"), tags);
        assertEquals(List.of(
                "skipped \"\\x1b]0;owned\\x07\" listed by 127.0.0.1:5000/app: not a valid tag",
                "skipped \"../../etc\" listed by 127.0.0.1:5000/app: not a valid tag",
                "skipped \"" + "x".repeat(129) + "\" listed by 127.0.0.1:5000/app: not a valid tag",
                "skipped \"\" listed by 127.0.0.1:5000/app: not a valid tag"), skipped);
    }
}
