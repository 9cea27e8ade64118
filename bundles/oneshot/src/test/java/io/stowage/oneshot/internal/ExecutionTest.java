package io.stowage.oneshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecutionTest {
    @Test
    void oneShotArgumentsAreQuotedForGogo() {
        assertEquals("image:pull '127.0.0.1:5000/app:v1'", Execution.commandLine(new String[] {"image:pull", "127.0.0.1:5000/app:v1"}));
        assertEquals("image:rm -f 'abc'", Execution.commandLine(new String[] {"image:rm", "-f", "abc"}));
        assertEquals("x \"a b\\$c\\\"\"", Execution.commandLine(new String[] {"x", "a b$c\""}));
    }
}
