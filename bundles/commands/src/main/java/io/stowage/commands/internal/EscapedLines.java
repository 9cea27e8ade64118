package io.stowage.commands.internal;

import io.stowage.api.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Output of a container's process on its way to the console, line by line: each line escaped by
 * {@link TerminalText} (a hostile image's program prints no escape sequence to the operator's
 * terminal), tabs and line ends kept. A flush writes the line so far, so followed output shows
 * as it comes.
 */
final class EscapedLines extends OutputStream {
    private static final Pattern TAB = Pattern.compile("\t");
    private final PrintStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    EscapedLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
            out.print('\n');
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() {
        emit();
        out.flush();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String[] parts = TAB.split(text, -1);
        for (int i = 0; i < parts.length; i++) {
            out.print((i > 0 ? "\t" : "") + TerminalText.escape(parts[i]));
        }
    }
}
