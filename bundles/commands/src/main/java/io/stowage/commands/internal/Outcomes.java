package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Runs a command once per argument, as Docker does for {@code rm a b c}: every argument is
 * tried; each failure but the last is printed as {@code Error: …}, and the last is thrown, so the
 * command fails when any argument failed.
 */
final class Outcomes {
    private Outcomes() {
    }

    static void each(String[] args, Consumer<String> action, PrintStream err) {
        StowageException last = null;
        for (String arg : args) {
            try {
                action.accept(arg);
            } catch (StowageException e) {
                if (last != null) {
                    err.println("Error: " + last.getMessage());
                }
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
    }
}
