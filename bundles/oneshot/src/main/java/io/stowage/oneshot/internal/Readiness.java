package io.stowage.oneshot.internal;

import java.io.File;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * When a command may run: once the configuration in {@code etc/} has been read into
 * Configuration Admin and applied to the components that need it, and the command is registered.
 * The one-shot runner and the attach server both wait for it.
 */
final class Readiness {
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** How long a command may take to appear once the configuration is applied. */
    private static final long COMMAND_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    /** How long a command may still appear once every Stowage scope has commands. */
    static final long SETTLE_MILLIS = 300;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ServiceComponentRuntime scr;

    Readiness(BundleContext context, ConfigurationAdmin configAdmin, ServiceComponentRuntime scr) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.scr = scr;
    }

    /** Waits until every file in etc/ is in Configuration Admin, and no component still waits for it. */
    void awaitConfiguration() throws Exception {
        String dir = context.getProperty("felix.fileinstall.dir");
        File[] files = dir == null ? null : new File(dir).listFiles((d, n) -> n.endsWith(".cfg"));
        Set<String> expected = files == null ? Set.of() : Arrays.stream(files).map(File::getName).collect(Collectors.toSet());
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            Configuration[] listed = configAdmin.listConfigurations(null);
            List<Configuration> all = listed == null ? List.of() : Arrays.asList(listed);
            if (loadedFiles(all).containsAll(expected)
                    && !componentsWaitFor(pids(all))) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("configuration in " + dir + " was not applied within "
                        + WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(20);
        }
    }

    /** The PIDs of these configurations, and the factory PIDs of factory configurations. */
    private static Set<String> pids(List<Configuration> all) {
        Set<String> pids = new HashSet<>();
        for (Configuration c : all) {
            pids.add(c.getPid());
            if (c.getFactoryPid() != null) {
                pids.add(c.getFactoryPid());
            }
        }
        return pids;
    }

    /** The etc/ file names FileInstall has read into these configurations. */
    private static Set<String> loadedFiles(List<Configuration> all) {
        return all.stream().map(c -> c.getProperties() == null ? null : c.getProperties().get("felix.fileinstall.filename"))
                .filter(f -> f != null).map(f -> new File(f.toString().replaceFirst("^file:", "")).getName())
                .collect(Collectors.toSet());
    }

    /**
     * Whether a component that requires one of these configurations has not been given it yet, or
     * has been satisfied by it but has not yet registered its service; or one that may take one of
     * them runs without it still.
     */
    private boolean componentsWaitFor(Set<String> pids) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            boolean configured = Arrays.stream(d.configurationPid).anyMatch(pids::contains);
            if (!configured || "ignore".equals(d.configurationPolicy)) {
                continue;
            }
            var configurations = scr.getComponentConfigurationDTOs(d);
            if ("optional".equals(d.configurationPolicy)) {
                // one that runs without its configuration (the fs store on stowage.data) must run with it once it exists
                String pid = Arrays.stream(d.configurationPid).filter(pids::contains).findFirst().orElseThrow();
                if (configurations.stream().anyMatch(c -> !String.valueOf(c.properties.get("service.pid")).contains(pid))) {
                    return true;
                }
                continue;
            }
            if (configurations.isEmpty()) {
                return true;
            }
            boolean provides = d.serviceInterfaces != null && d.serviceInterfaces.length > 0;
            for (ComponentConfigurationDTO c : configurations) {
                boolean satisfied = c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE;
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION || (satisfied && provides && c.service == null)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The commands registered now, each with the first line of its {@code @Descriptor}. */
    Commands commands() throws InvalidSyntaxException {
        Map<String, String> described = new java.util.HashMap<>();
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=*)");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object scope = ref.getProperty("osgi.command.scope");
            Object functions = ref.getProperty("osgi.command.function");
            List<String> names = functions instanceof String[] a ? List.of(a) : functions == null ? List.of() : List.of(functions.toString());
            Object service = context.getService(ref);
            try {
                for (String f : names) {
                    described.put(scope + ":" + f, service == null ? "" : description(service, f));
                }
            } finally {
                if (service != null) {
                    context.ungetService(ref);
                }
            }
        }
        return new Commands(described);
    }

    private static String description(Object service, String function) {
        for (java.lang.reflect.Method m : service.getClass().getMethods()) {
            Descriptor d = m.getAnnotation(Descriptor.class);
            if (m.getName().equals(function) && d != null) {
                return Commands.firstLine(d.value());
            }
        }
        return "";
    }

    /** Waits until the command's function is registered ({@code scope:function}); false when it is not within the wait. */
    boolean awaitCommand(String command) throws InterruptedException, InvalidSyntaxException {
        int colon = command.indexOf(':');
        String filter = colon < 0 ? "(osgi.command.function=" + command + ")"
                : "(&(osgi.command.scope=" + command.substring(0, colon) + ")(osgi.command.function="
                        + command.substring(colon + 1) + "))";
        long deadline = System.currentTimeMillis() + COMMAND_WAIT_MILLIS;
        boolean settling = false;
        while (context.getServiceReferences((String) null, filter) == null) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            if (!settling && everyScopeRegistered()) {
                // Stowage's commands are up (each scope's are registered together): a name still
                // missing a moment later is not coming, so a typo is answered at once, not in 5 s
                settling = true;
                deadline = Math.min(deadline, System.currentTimeMillis() + SETTLE_MILLIS);
            }
            Thread.sleep(20);
        }
        return true;
    }

    private boolean everyScopeRegistered() throws InvalidSyntaxException {
        for (String scope : Commands.STOWAGE_SCOPES) {
            if (context.getServiceReferences((String) null, "(osgi.command.scope=" + scope + ")") == null) {
                return false;
            }
        }
        return true;
    }
}
