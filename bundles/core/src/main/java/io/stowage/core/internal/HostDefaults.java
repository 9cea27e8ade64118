package io.stowage.core.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The configurations Stowage's components wait for ({@code io.stowage.core}, {@code
 * io.stowage.registry}), created with their documented defaults in a host that has no {@code
 * etc/} for them: a framework with no FileInstall directory ({@code felix.fileinstall.dir}), such
 * as Eclipse Kura or an appliance's own. They are created once, only when missing, and left in
 * Configuration Admin, where the host edits them as it edits any bundle's. The runtime, Karaf and
 * the tests set the FileInstall directory, so there the components still wait for {@code etc/}
 * (or for the feature's configuration) and never run on defaults first.
 */
@Component(immediate = true)
public final class HostDefaults {
    /** The configurations created, each with no property but {@link #MARK}: every value is its default. */
    static final List<String> PIDS = List.of("io.stowage.core", "io.stowage.registry");
    /** Marks a configuration Stowage created, so an operator can tell it from one they set. */
    static final String MARK = "stowage.defaults";
    /** The framework property whose presence means configuration comes from files. */
    static final String FILES = "felix.fileinstall.dir";

    private final io.stowage.oci.Log log = new io.stowage.oci.Log(HostDefaults.class);

    @Activate
    public HostDefaults(BundleContext context, @Reference ConfigurationAdmin cm) {
        if (context.getProperty(FILES) != null) {
            return;
        }
        for (String pid : PIDS) {
            try {
                if (create(cm, pid)) {
                    log.info("no {} configuration and no etc/ directory: created it with its defaults in Configuration Admin", pid);
                }
            } catch (IOException | InvalidSyntaxException | RuntimeException e) {
                log.error("cannot create the default configuration {}: {}", pid, String.valueOf(e.getMessage()));
            }
        }
    }

    /** Creates {@code pid} with its defaults unless Configuration Admin has it; true when created. */
    static boolean create(ConfigurationAdmin cm, String pid) throws IOException, InvalidSyntaxException {
        if (cm.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + pid + ")") != null) {
            return false;
        }
        // "?": every bundle may use it (io.stowage.core is read by the core and by the snapshots bundle)
        Configuration c = cm.getConfiguration(pid, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MARK, true);
        c.updateIfDifferent(props);
        return true;
    }
}
