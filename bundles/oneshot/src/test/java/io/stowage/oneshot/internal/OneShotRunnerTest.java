package io.stowage.oneshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OneShotRunnerTest {
    @Test
    void oneShotArgumentsAreQuotedForGogo() {
        assertEquals("image:pull '127.0.0.1:5000/app:v1'", OneShotRunner.commandLine(new String[] {"image:pull", "127.0.0.1:5000/app:v1"}));
        assertEquals("image:rm -f 'abc'", OneShotRunner.commandLine(new String[] {"image:rm", "-f", "abc"}));
        assertEquals("x \"a b\\$c\\\"\"", OneShotRunner.commandLine(new String[] {"x", "a b$c\""}));
    }
}
