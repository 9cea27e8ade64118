package io.stowage.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Apache Felix in this process, with the bundles in {@code <home>/bundle}: for one command
 * ({@code command}), the interactive Gogo shell ({@code shell}), or the background service
 * ({@code service}). A one-shot command registers an {@link IntConsumer} (a JDK type, so no class
 * is shared with the bundles) carrying the arguments, which the one-shot runner calls back with
 * the status.
 */
final class LocalFramework {
    private static final String SHELL_BUNDLE = "org.apache.felix.gogo.jline";

    private LocalFramework() {
    }

    /** Runs the framework in {@code mode}: {@code command} (runs {@code args}), {@code shell}, or {@code service}; the exit status. */
    static int run(Path home, Path data, String mode, String[] args) throws Exception {
        String unusable = DataDirectory.problem(data);
        if (unusable != null) {
            System.err.println("Error: " + unusable);
            return 1;
        }
        // Each JVM gets its own framework cache, so a one-shot command can run beside a running shell.
        Path cache = Files.createTempDirectory("stowage-felix-");
        boolean oneShot = mode.equals("command");
        boolean shell = mode.equals("shell");

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("stowage.home", home.toString());
        props.put("stowage.data", data.toString());
        props.put("felix.fileinstall.dir", home.resolve("etc").toString());
        // FileInstall makes a working directory per watched directory, in java.io.tmpdir unless told;
        // within the cache, it goes with it (etc/org.apache.felix.fileinstall-deploy.cfg names its own)
        props.put("stowage.cache", cache.toString());
        props.put("felix.fileinstall.tmpdir", cache.resolve("fileinstall-etc").toString());
        // and JLine's native library, which it extracts at each start and deletes only at a JVM exit that is not a halt
        System.setProperty("jline.tmpdir", cache.toString());
        props.put("felix.fileinstall.filter", ".*\\.cfg");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.log.level", "1");
        // FileInstall would write configurations back to etc/ (and empties the files on shutdown):
        // etc/ is the operator's, read only.
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.log.level", "1");
        props.put("ds.loglevel", "error");
        // Event Admin warns on stdout when the framework stops while it delivers: errors only.
        props.put("org.apache.felix.eventadmin.LogLevel", "1");
        props.put("gosh.home", home.toString());
        // Felix HTTP's own server stays off (no port 8080): the registry server, when enabled in
        // etc/io.stowage.server.cfg, makes a server of its own, and only in a running instance.
        props.put("org.apache.felix.http.enable", "false");
        props.put("org.apache.felix.https.enable", "false");
        props.put("stowage.mode", mode);
        // The log files (etc/org.ops4j.pax.logging.cfg writes them to ${stowage.log}); before the
        // backend has its configuration, Pax Logging prints only errors, on stderr's behalf.
        props.put("stowage.log", home.resolve("log").toString());
        props.put("org.ops4j.pax.logging.DefaultServiceLog.level", "ERROR");
        // -Dstowage.log, -Dfelix.…, -Dds.… and -Dgosh.… in JAVA_OPTS override the defaults above (e.g. log levels).
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("felix.") || name.startsWith("ds.") || name.startsWith("gosh.")
                    || name.equals("stowage.log") || name.startsWith("org.ops4j.pax.logging.")) {
                props.put(name, System.getProperty(name));
            }
        }
        if (shell && System.console() == null) {
            // commands come from a pipe or a file: a plain reader, without JLine's warning about it
            System.setProperty("org.jline.terminal.dumb", "true");
        }

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.init();
        BundleContext context = framework.getBundleContext();
        AtomicInteger status = new AtomicInteger();
        List<Bundle> installed = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(List.of(home.resolve("bundle")));
        if (!oneShot) {
            // what only serves (the registry server, its HTTP server): a one-shot command never serves
            dirs.add(home.resolve("bundle/serve"));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> jars = Files.list(dir)) {
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList()) {
                    installed.add(context.installBundle("reference:" + jar.toUri()));
                }
            }
        }
        framework.start();
        if (shell) {
            // JLine finds its terminal providers through the context class loader; the shell's
            // thread is made by this one, so lend it JLine's loader for a real terminal.
            installed.stream().filter(b -> "org.jline".equals(b.getSymbolicName())).findFirst().ifPresent(jline -> {
                try {
                    jline.start();
                    Thread.currentThread().setContextClassLoader(jline.adapt(BundleWiring.class).getClassLoader());
                } catch (BundleException e) {
                    System.err.println("Error: bundle org.jline did not start: " + e.getMessage());
                }
            });
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || SHELL_BUNDLE.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                System.err.println("Error: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
                status.set(1);
            }
        }
        if (shell) {
            // The shell opens once the configuration is applied and the commands it enables are
            // registered (the runner says when), so a script piped into it meets no "Command not found".
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("stowage.oneshot", "true");
            p.put("stowage.oneshot.args", new String[0]);
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            context.registerService(IntConsumer.class, code -> ready.countDown(), p);
            // the shell's thread is made by this one, which lends it JLine's class loader (above);
            // the runner gives up on the configuration after 30 s, and the shell opens regardless
            long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(40);
            while (!ready.await(100, java.util.concurrent.TimeUnit.MILLISECONDS) && System.nanoTime() < giveUp) {
                if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
                    break;
                }
            }
            for (Bundle gosh : installed) {
                if (SHELL_BUNDLE.equals(gosh.getSymbolicName())) {
                    try {
                        gosh.start();
                    } catch (BundleException e) {
                        System.err.println("Error: bundle " + SHELL_BUNDLE + " did not start: " + e.getMessage());
                        status.set(1);
                    }
                }
            }
        } else if (status.get() != 0) {
            stopQuietly(framework);
        } else if (oneShot) {
            // Only now that every bundle has started may the runner begin: it waits for
            // configuration and commands, which it can only judge once all components are known.
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("stowage.oneshot", "true");
            p.put("stowage.oneshot.args", args.clone());
            IntConsumer exit = code -> {
                status.set(code);
                Thread stopper = new Thread(() -> stopQuietly(framework), "stowage-stop");
                stopper.start();
            };
            context.registerService(IntConsumer.class, exit, p);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(framework), "stowage-shutdown"));
        framework.waitForStop(0);
        deleteTree(cache);
        return status.get();
    }

    private static void stopQuietly(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (BundleException | InterruptedException e) {
            // stopping anyway
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

}
