package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;

/** Argument checks with Docker's wording: {@code "image:pull" requires exactly 1 argument}. */
final class Arguments {
    private Arguments() {
    }

    /** The arguments, refused when there are not exactly {@code n} or one looks like an unknown flag. */
    static String[] exactly(String command, int n, String[] args) {
        String[] given = flagsChecked(args);
        if (given.length != n) {
            String rule = n == 0 ? "accepts no arguments" : "requires exactly " + n + " argument" + (n == 1 ? "" : "s");
            throw new StowageException(Reason.INVALID, "\"" + command + "\" " + rule + "; see 'help " + command + "'");
        }
        return given;
    }

    /** The arguments, refused when there are none or one looks like an unknown flag. */
    static String[] atLeastOne(String command, String[] args) {
        String[] given = flagsChecked(args);
        if (given.length == 0) {
            throw new StowageException(Reason.INVALID, "\"" + command + "\" requires at least 1 argument; see 'help "
                    + command + "'");
        }
        return given;
    }

    /** The arguments, refused when there are more than {@code n} or one looks like an unknown flag. */
    static String[] atMost(String command, int n, String[] args) {
        String[] given = flagsChecked(args);
        if (given.length > n) {
            throw new StowageException(Reason.INVALID, "\"" + command + "\" accepts at most " + n + " argument"
                    + (n == 1 ? "" : "s") + "; see 'help " + command + "'");
        }
        return given;
    }

    private static String[] flagsChecked(String[] args) {
        String[] given = args == null ? new String[0] : args;
        for (String a : given) {
            if (a.startsWith("-")) {
                throw new StowageException(Reason.INVALID, "unknown flag: " + a);
            }
        }
        return given;
    }
}
