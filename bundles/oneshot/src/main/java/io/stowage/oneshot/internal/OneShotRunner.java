package io.stowage.oneshot.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Runs the one command {@code bin/stowage <command> [args…]} asked for, then reports its exit
 * status. The launcher registers an {@link IntConsumer} with {@value #MARKER}=true and the
 * arguments in {@value #ARGS}; this runner waits until the command may run ({@link Readiness}),
 * then runs it ({@link Execution}) on the process's own standard streams. With no arguments
 * (the interactive shell) it reports 0 as soon as the configuration is applied, so the shell
 * reads no command before the commands it names are there.
 */
@Component
public final class OneShotRunner {
    static final String MARKER = "stowage.oneshot";
    static final String ARGS = "stowage.oneshot.args";

    private final CommandProcessor processor;
    private final Readiness ready;
    private final IntConsumer exit;
    private final String[] args;
    private final Thread thread;

    @Activate
    public OneShotRunner(BundleContext context, @Reference CommandProcessor processor,
            @Reference ConfigurationAdmin configAdmin, @Reference ServiceComponentRuntime scr,
            @Reference(target = "(" + MARKER + "=true)") IntConsumer exit,
            @Reference(target = "(" + MARKER + "=true)", service = IntConsumer.class) Map<String, Object> exitProperties) {
        this.processor = processor;
        this.ready = new Readiness(context, configAdmin, scr);
        this.exit = exit;
        Object a = exitProperties.get(ARGS);
        this.args = a instanceof String[] s ? s : new String[0];
        this.thread = new Thread(this::run, "stowage-oneshot");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Deactivate
    void deactivate() {
        thread.interrupt();
    }

    private void run() {
        // Gogo routes System.out per thread back into its sessions: write to the process's own streams.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status;
        try {
            ready.awaitConfiguration();
            if (args.length == 0) { // the interactive shell: ready once configured, and the launcher opens it
                exit.accept(0);
                return;
            }
            // the process's standard input, for commands that read it (registry:login --password-stdin)
            try (CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err)) {
                status = Execution.run(ready, session, args, out, err);
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable e) {
            Execution.fail(err, e);
            status = 1;
        }
        out.flush();
        err.flush();
        exit.accept(status);
    }
}
