package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A container's output on the console: escape sequences made visible, tabs, line ends and any script kept. */
class EscapedLinesTest {
    @Test
    void escapeSequencesAreShownNotActedOn() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EscapedLines out = new EscapedLines(new PrintStream(console, true, StandardCharsets.UTF_8));
        byte[] printed = "plain\tcolumns\n\u001b[2Jcleared?\r\nünïcödé \u009b31m\npartial".getBytes(StandardCharsets.UTF_8);
        out.write(printed, 0, printed.length);
        out.flush();
        assertEquals("plain\tcolumns\n\\x1b[2Jcleared?\\x0d\nünïcödé \\x9b31m\npartial", console.toString(StandardCharsets.UTF_8));
    }
}
