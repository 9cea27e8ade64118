package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * {@code args} without the further uses of an option Gogo binds once ({@code --filter a
     * --filter b}: Gogo binds {@code a} and leaves {@code --filter b} among the arguments), their
     * values added to {@code values}; {@code --filter=b} is taken too.
     */
    static String[] repeated(String[] args, List<String> values, String... names) {
        List<String> rest = new ArrayList<>();
        String[] given = args == null ? new String[0] : args;
        for (int i = 0; i < given.length; i++) {
            String a = given[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!List.of(names).contains(name)) {
                rest.add(a);
            } else if (a.contains("=")) {
                values.add(a.substring(a.indexOf('=') + 1));
            } else if (i + 1 < given.length) {
                values.add(given[++i]);
            } else {
                throw new StowageException(Reason.INVALID, "flag needs an argument: " + a);
            }
        }
        return rest.toArray(new String[0]);
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

    /**
     * A file named on the command line, absolute: relative to the session's working directory,
     * which is an attached client's own (bin/stowage with an instance running), else this process's.
     */
    static java.nio.file.Path file(String given) {
        java.nio.file.Path path = java.nio.file.Path.of(given);
        org.apache.felix.service.command.Job job = org.apache.felix.service.command.Job.Utils.current();
        java.nio.file.Path cwd = job == null ? null : job.session().currentDir();
        return (cwd == null ? path.toAbsolutePath() : cwd.resolve(path)).normalize();
    }
}
