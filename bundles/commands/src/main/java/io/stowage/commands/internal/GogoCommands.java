package io.stowage.commands.internal;

import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Publishes Stowage's commands to Gogo: each command component of this bundle (a service with
 * {@value #SCOPE} and {@value #FUNCTION}) is registered again with {@code osgi.command.scope} and
 * {@code osgi.command.function}, the properties Gogo's shell looks for, for as long as the
 * component is there. Not in Karaf: its shell takes the commands as Karaf actions
 * ({@code io.stowage.commands.karaf}), which give Karaf's {@code help <scope>} and Tab completion;
 * published to Gogo as well, each would be a second command of the same name there.
 */
@Component
public final class GogoCommands {
    /** The scope of a command component's functions. */
    static final String SCOPE = "stowage.command.scope";
    /** The function names a command component implements, one method each. */
    static final String FUNCTION = "stowage.command.function";

    private final ServiceTracker<Object, ServiceRegistration<?>> tracker;

    @Activate
    public GogoCommands(BundleContext context) throws InvalidSyntaxException {
        if (inKaraf(context)) {
            tracker = null;
            return;
        }
        tracker = new ServiceTracker<>(context, context.createFilter("(&(" + SCOPE + "=*)(" + FUNCTION + "=*))"), null) {
            @Override
            public ServiceRegistration<?> addingService(ServiceReference<Object> ref) {
                if (ref.getBundle() != context.getBundle()) {
                    return null; // another bundle's services are not Stowage's commands
                }
                Object commands = context.getService(ref);
                Hashtable<String, Object> gogo = new Hashtable<>();
                gogo.put("osgi.command.scope", ref.getProperty(SCOPE));
                gogo.put("osgi.command.function", ref.getProperty(FUNCTION));
                return context.registerService(commands.getClass().getName(), commands, gogo);
            }

            @Override
            public void removedService(ServiceReference<Object> ref, ServiceRegistration<?> published) {
                published.unregister();
                context.ungetService(ref);
            }
        };
        tracker.open();
    }

    /** Whether this framework is Apache Karaf's. */
    static boolean inKaraf(BundleContext context) {
        return context.getProperty("karaf.base") != null;
    }

    @Deactivate
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
