package io.stowage.oci;

import io.stowage.api.TerminalText;
import java.util.Arrays;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A bundle's log, through the OSGi Log Service: {@code new Log(Owner.class)} writes through the
 * {@link LoggerFactory} the owner's bundle sees (tracked, so a Log Service that comes, goes or is
 * replaced while the framework runs is followed), under the owner's class name. Outside a
 * framework (unit tests), or while no Log Service is there, lines are dropped; a test may
 * {@link #bind} a factory of its own.
 *
 * <p>Messages use the Log Service's {@code {}} placeholders. Every argument that is text is
 * {@linkplain TerminalText#escape escaped} first: a reference or an error body comes from a
 * registry or an archive, and the log is read in a terminal. Never pass a credential.
 */
public final class Log {
    private final Class<?> owner;
    private final String name;
    private volatile LoggerFactory bound;
    private ServiceTracker<LoggerFactory, LoggerFactory> tracker;
    private LoggerFactory factory;
    private Logger logger;

    /** The log named by {@code owner}'s class name (the logger name an operator sets a level for). */
    public Log(Class<?> owner) {
        this.owner = owner;
        this.name = owner.getName();
    }

    /** Writes through {@code f} from now on, whatever the framework has (tests); null: the framework's again. */
    public void bind(LoggerFactory f) {
        bound = f;
    }

    public void debug(String format, Object... args) {
        write(Logger::isDebugEnabled, l -> l.debug(format, safe(args)));
    }

    public void info(String format, Object... args) {
        write(Logger::isInfoEnabled, l -> l.info(format, safe(args)));
    }

    public void warn(String format, Object... args) {
        write(Logger::isWarnEnabled, l -> l.warn(format, safe(args)));
    }

    /** An error; a last argument that is a {@link Throwable} is logged with its stack trace. */
    public void error(String format, Object... args) {
        write(Logger::isErrorEnabled, l -> l.error(format, safe(args)));
    }

    private void write(java.util.function.Predicate<Logger> enabled, Consumer<Logger> line) {
        Logger l = logger();
        if (l != null && enabled.test(l)) {
            line.accept(l);
        }
    }

    /** The logger to write through now, or null. */
    private synchronized Logger logger() {
        LoggerFactory f = bound;
        if (f == null) {
            if (tracker == null) {
                Bundle bundle = FrameworkUtil.getBundle(owner);
                BundleContext context = bundle == null ? null : bundle.getBundleContext();
                if (context == null) {
                    return null; // not in a framework, or the bundle is not active: nothing to write to yet
                }
                tracker = new ServiceTracker<>(context, LoggerFactory.class, null);
                tracker.open();
            }
            try {
                f = tracker.getService();
            } catch (IllegalStateException stopped) {
                f = null; // the bundle's context is gone
            }
        }
        if (f != factory) {
            factory = f;
            logger = f == null ? null : f.getLogger(name);
        }
        return logger;
    }

    private static Object[] safe(Object[] args) {
        Object[] out = Arrays.copyOf(args, args.length);
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null && !(out[i] instanceof Number) && !(out[i] instanceof Throwable)) {
                out[i] = TerminalText.escape(String.valueOf(out[i]));
            }
        }
        return out;
    }
}
