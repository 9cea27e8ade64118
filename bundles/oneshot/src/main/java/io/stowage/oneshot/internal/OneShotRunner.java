package io.stowage.oneshot.internal;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Runs the one command {@code bin/stowage <command> [args…]} asked for, then reports its exit
 * status. The launcher registers an {@link IntConsumer} with {@value #MARKER}=true and the
 * arguments in {@value #ARGS}; this runner waits until the configuration in {@code etc/} has been
 * read into Configuration Admin and applied to the components that need it, and the command is
 * registered, then runs it in a Gogo session. A failure prints {@code Error: <message>} on stderr
 * and reports status 1; no stack trace unless {@code stowage.debug} is set. With no arguments
 * (the interactive shell) it reports 0 as soon as the configuration is applied, so the shell
 * reads no command before the commands it names are there.
 */
@Component
public final class OneShotRunner {
    static final String MARKER = "stowage.oneshot";
    static final String ARGS = "stowage.oneshot.args";
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** How long a command may take to appear once the configuration is applied. */
    private static final long COMMAND_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final BundleContext context;
    private final CommandProcessor processor;
    private final ConfigurationAdmin configAdmin;
    private final ServiceComponentRuntime scr;
    private final IntConsumer exit;
    private final String[] args;
    private final Thread thread;

    @Activate
    public OneShotRunner(BundleContext context, @Reference CommandProcessor processor,
            @Reference ConfigurationAdmin configAdmin, @Reference ServiceComponentRuntime scr,
            @Reference(target = "(" + MARKER + "=true)") IntConsumer exit,
            @Reference(target = "(" + MARKER + "=true)", service = IntConsumer.class) Map<String, Object> exitProperties) {
        this.context = context;
        this.processor = processor;
        this.configAdmin = configAdmin;
        this.scr = scr;
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
            awaitConfiguration();
            if (args.length == 0) { // the interactive shell: ready once configured, and the launcher opens it
                exit.accept(0);
                return;
            }
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
                out.print(commands().help());
                exit.accept(0);
                return;
            }
            String[] line = args.clone();
            if (!awaitCommand(args[0])) {
                commands().resolve(args[0]); // throws: unknown, with a suggestion
            }
            line[0] = commands().resolve(args[0]);
            if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h")) && !Commands.isStowage(line[0])) {
                line = new String[] {"help", line[0]}; // Stowage's own commands answer --help themselves
            }
            // the process's standard input, for commands that read it (registry:login --password-stdin)
            try (CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err)) {
                Object result = session.execute(commandLine(line));
                if (result != null) {
                    out.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
                }
                status = 0;
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable e) {
            err.println("Error: " + message(e));
            if (Boolean.getBoolean("stowage.debug")) {
                e.printStackTrace(err);
            }
            status = 1;
        }
        out.flush();
        err.flush();
        exit.accept(status);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Waits until every file in etc/ is in Configuration Admin, and no component still waits for it. */
    private void awaitConfiguration() throws Exception {
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
        Set<String> pids = new java.util.HashSet<>();
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
    private Commands commands() throws InvalidSyntaxException {
        Map<String, String> described = new java.util.HashMap<>();
        org.osgi.framework.ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=*)");
        for (org.osgi.framework.ServiceReference<?> ref : refs == null ? new org.osgi.framework.ServiceReference<?>[0] : refs) {
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
            org.apache.felix.service.command.Descriptor d = m.getAnnotation(org.apache.felix.service.command.Descriptor.class);
            if (m.getName().equals(function) && d != null) {
                return Commands.firstLine(d.value());
            }
        }
        return "";
    }

    /** Waits until the command's function is registered ({@code scope:function}); false when it is not within the wait. */
    private boolean awaitCommand(String command) throws InterruptedException, InvalidSyntaxException {
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

    /** How long a command may still appear once every Stowage scope has commands. */
    static final long SETTLE_MILLIS = 300;

    private boolean everyScopeRegistered() throws InvalidSyntaxException {
        for (String scope : Commands.STOWAGE_SCOPES) {
            if (context.getServiceReferences((String) null, "(osgi.command.scope=" + scope + ")") == null) {
                return false;
            }
        }
        return true;
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
