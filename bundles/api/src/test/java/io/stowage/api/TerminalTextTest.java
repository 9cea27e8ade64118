package io.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void everyControlIsShownNotActedOn() {
        assertEquals("\\x1b[2J\\x1b]0;owned\\x07\\x0dhi\\x0a", TerminalText.escape("\u001b[2J\u001b]0;owned\u0007\rhi\n"));
        assertEquals("del \\x7f csi \\x9b31m nel \\x85", TerminalText.escape("del \u007f csi \u009b31m nel \u0085"));
        assertEquals("a\\u202eb\\u2066c\\u2028d", TerminalText.escape("a\u202eb\u2066c\u2028d"));
    }

    @Test
    void printableTextOfAnyScriptPasses() {
        String text = "büsybox 日本語 ☃ \uD83D\uDE00 tab-free";
        assertSame(text, TerminalText.escape(text));
        assertNull(TerminalText.escape(null));
    }

    @Test
    void exceptionMessagesFollowTheSameRule() {
        assertEquals("Error: tag \\x9b2J", new StowageException(StowageException.Reason.INVALID, "tag \u009b2J").toString());
    }
}
