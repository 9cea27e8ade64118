package io.stowage.examples.dir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Writing a transport" shows this example whole, as built, and under 60 lines. */
class ReadmeTest {
    private static final Path SOURCE = Path.of("src/main/java/io/stowage/examples/dir/DirTransport.java");

    @Test
    void theGuideShowsTheExampleAsBuilt() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        int guide = readme.indexOf("\n## Writing a transport\n");
        assertTrue(guide >= 0, "the README has the guide");
        int start = readme.indexOf("```java\n", guide) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        assertEquals(Files.readString(SOURCE), shown);
    }

    @Test
    void theExampleIsUnderSixtyLines() throws IOException {
        long lines = Files.readAllLines(SOURCE).size();
        assertTrue(lines < 60, lines + " lines");
    }
}
