package io.stowage.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;

import java.util.List;
import io.stowage.oneshot.attach.AttachClient;
import io.stowage.oneshot.attach.RunDirectory;

/**
 * {@code bin/stowage}: with arguments, runs that one command and exits with its status; with
 * none, opens the Gogo shell. When an instance runs on the data directory ({@code bin/stowage
 * start}, {@link Service}), both attach to it ({@link AttachClient}; {@code STOWAGE_ATTACH=never}
 * says not to); else they start a framework of their own ({@link LocalFramework}). This class
 * touches no OSGi class, so an attached command never opens the framework's jar.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            Path home = Paths.get(System.getProperty("stowage.home", ".")).toAbsolutePath().normalize();
            String dataEnv = System.getenv("STOWAGE_DATA");
            Path data = (dataEnv == null || dataEnv.isBlank() ? home.resolve("data") : Paths.get(dataEnv)).toAbsolutePath().normalize();
            if (args.length > 0 && Service.WORDS.contains(args[0])) {
                exit(new Service(home, data).control(args));
            }
            if (!"never".equals(System.getenv("STOWAGE_ATTACH"))) {
                // a running instance on this data directory runs the command (or the shell) itself
                AttachClient client = AttachClient.connect(new RunDirectory(data));
                if (client != null) {
                    onInterrupt(client);
                    exit(client.run(List.of(args)));
                }
            }
            exit(LocalFramework.run(home, data, args.length > 0 ? "command" : "shell", args));
        } catch (Exception | LinkageError e) {
            System.err.println("Error: stowage did not start: " + e);
            exit(2);
        }
    }

    /** Ctrl-C cancels the attached command in the instance (a second one leaves at once), rather than ending this client. */
    @SuppressWarnings("restriction")
    private static void onInterrupt(AttachClient client) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), new sun.misc.SignalHandler() {
                @Override
                public void handle(sun.misc.Signal signal) {
                    client.interrupt();
                }
            });
        } catch (IllegalArgumentException | LinkageError e) {
            // no SIGINT to handle here: Ctrl-C ends the client, and the instance cancels as its connection closes
        }
    }

    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
