package io.stowage.oneshot.internal;

import io.stowage.oci.Log;
import io.stowage.oneshot.attach.RunDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * In a running instance ({@code bin/stowage start}, framework property {@code stowage.mode} =
 * {@value #MODE}): once commands may run, listens on {@code <data>/run/stowage.sock} and runs each
 * client's command in a session of its own ({@link AttachSession}), several at once. Elsewhere
 * (a one-shot command, the interactive shell, Karaf) it does nothing.
 */
@Component(immediate = true)
public final class AttachServer {
    static final String MODE = "service";
    /** The most commands attached at once; one more is refused with a line that says so. */
    static final int MAX_SESSIONS = 64;

    private final Log log = new Log(AttachServer.class);
    private final BundleContext context;
    private final CommandProcessor processor;
    private final Readiness ready;
    private final RunDirectory run;
    private final Set<AttachSession> sessions = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile ServerSocketChannel server;
    private volatile boolean closed;

    @Activate
    public AttachServer(BundleContext context, @Reference CommandProcessor processor,
            @Reference ConfigurationAdmin configAdmin, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.processor = processor;
        this.ready = new Readiness(context, configAdmin, scr);
        String data = context.getProperty("stowage.data");
        boolean serving = MODE.equals(context.getProperty("stowage.mode")) && data != null;
        this.run = serving ? new RunDirectory(Path.of(data)) : null;
        this.thread = serving ? new Thread(this::serve, "stowage-attach") : null;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        close();
        sessions.forEach(AttachSession::close);
    }

    private void serve() {
        try {
            ready.awaitConfiguration();
            String tooLong = run.socketProblem();
            if (tooLong != null) {
                log.error("bin/stowage cannot attach: {}", tooLong);
                return;
            }
            run.make();
            Files.deleteIfExists(run.socket); // one left by an instance that died; the launcher's lock says none runs
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(run.socket));
            Files.setPosixFilePermissions(run.socket, PosixFilePermissions.fromString("rw-------"));
            server = s;
            if (closed) {
                close();
                return;
            }
            log.info("bin/stowage attaches through {}", run.socket);
            while (!closed) {
                SocketChannel client = s.accept();
                AttachSession session = new AttachSession(client, ready, processor, context, sessions, log);
                if (sessions.size() >= MAX_SESSIONS) {
                    session.refuse("the running instance runs " + MAX_SESSIONS + " commands already; try again when one has ended");
                    continue;
                }
                sessions.add(session);
                Thread t = new Thread(session, "stowage-attach-session");
                t.setDaemon(true);
                t.start();
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Exception e) {
            if (!closed) {
                log.error("bin/stowage cannot attach: {}", Execution.message(e));
            }
        } finally {
            close();
        }
    }

    private void close() {
        ServerSocketChannel s = server;
        if (s != null) {
            try {
                s.close();
                Files.deleteIfExists(run.socket);
            } catch (IOException e) {
                // going anyway
            }
        }
    }
}
