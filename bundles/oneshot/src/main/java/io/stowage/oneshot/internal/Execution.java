package io.stowage.oneshot.internal;

import java.io.PrintStream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One command given as arguments ({@code image:pull alpine}), run in a Gogo session: the name
 * resolved (a bare name, a near miss answered with a suggestion), {@code --help} answered, each
 * argument quoted so Gogo takes it literally. A failure prints {@code Error: <message>} on the
 * error stream and gives status 1; no stack trace unless {@code stowage.debug} is set.
 */
final class Execution {
    private Execution() {
    }

    /** Runs {@code args} in {@code session}; its exit status. An interrupt while it runs is thrown. */
    static int run(Readiness ready, CommandSession session, String[] args, PrintStream out, PrintStream err)
            throws InterruptedException {
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
                out.print(ready.commands().help());
                return 0;
            }
            String[] line = args.clone();
            if (!ready.awaitCommand(args[0])) {
                ready.commands().resolve(args[0]); // throws: unknown, with a suggestion
            }
            line[0] = ready.commands().resolve(args[0]);
            if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h")) && !Commands.isStowage(line[0])) {
                line = new String[] {"help", line[0]}; // Stowage's own commands answer --help themselves
            }
            Object result = session.execute(commandLine(line));
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            fail(err, e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code Error: <message>}, and the stack trace with {@code -Dstowage.debug=true}. */
    static void fail(PrintStream err, Throwable e) {
        err.println("Error: " + message(e));
        if (Boolean.getBoolean("stowage.debug")) {
            e.printStackTrace(err);
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** The arguments as one Gogo command line, each argument quoted so Gogo takes it literally. */
    static String commandLine(String[] args) {
        StringBuilder line = new StringBuilder(args[0]);
        for (int i = 1; i < args.length; i++) {
            line.append(' ').append(quote(args[i]));
        }
        return line.toString();
    }

    static String quote(String arg) {
        if (arg.matches("[A-Za-z0-9_./:@=+,-]+") && !arg.startsWith("-")) {
            return "'" + arg + "'";
        }
        if (arg.startsWith("-") && arg.matches("-[-A-Za-z0-9]+")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }
}
