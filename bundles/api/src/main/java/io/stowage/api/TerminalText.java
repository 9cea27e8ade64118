package io.stowage.api;

/**
 * The one rule for text from outside (a registry, an image, an archive, a store's files) on its
 * way to a terminal: every control character becomes visible as {@code \xNN} (C0, DEL and the C1
 * range, which includes the 8-bit CSI), and Unicode's line and paragraph separators and bidi
 * overrides as {@code \\uNNNN}, so no escape sequence, carriage return or reordering reaches the
 * screen and one value stays on one line. Printable text, any script, passes unchanged.
 *
 * @since 0.4
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with every character that would act on a terminal escaped; null stays null. */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(TerminalText::acts)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c < 0x100 && acts(c)) {
                b.append(String.format("\\x%02x", c));
            } else if (acts(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** Whether the code point {@code c} acts on a terminal: a control character, or one that reorders or breaks a line. */
    public static boolean acts(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
