package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * In Apache Karaf 4.4 on Java 17, {@code feature:install stowage} from Stowage's feature
 * repository makes {@code image:pull} work against the real registry. The repository is the one
 * the build makes, with Stowage's own bundles located at the runtime's jars (so no installed
 * Maven artifacts are needed); Jackson and Karaf's features resolve as they do anywhere.
 */
class KarafIT {
    private static final Pattern STOWAGE_BUNDLE = Pattern.compile("<bundle>mvn:io\\.stowage/(stowage-[a-z-]+)/([^</]+)</bundle>");
    private final Fixture f = Fixture.get();

    /** A fresh Karaf with Stowage's feature repository added, its data directory beside it. */
    private record Karaf(Path home, Path data, Path features) {
        /** Runs {@code bin/karaf} with {@code commands} typed on its console, then logout. */
        Processes.Result run(String... commands) throws java.io.IOException {
            Processes.Result r = typed(commands);
            assertTrue(r.out().contains("karaf@root()> logout"), "the console took every command: " + r);
            return r;
        }

        /** As {@link #run}, without insisting that the console read the logout (Karaf may restart its console). */
        Processes.Result typed(String... commands) throws java.io.IOException {
            Path input = input(commands);
            Processes.Result r = Processes.run(home, Map.of(), List.of("sh", "-c", "bin/karaf < " + input));
            assertEquals(0, r.exit(), r.toString());
            return r;
        }

        /**
         * {@code bin/karaf} on a pseudo-terminal (util-linux {@code script}), {@code commands}
         * typed ahead as the keyboard sends them (a Tab is Tab); the output is what the terminal
         * showed, without its escape sequences.
         */
        Processes.Result onTerminal(String... commands) throws java.io.IOException {
            Processes.Result r;
            try {
                r = Processes.run(home, Map.of("TERM", "xterm"), List.of("script", "-qfec", "bin/karaf", "/dev/null"), input(commands));
            } catch (AssertionError hung) {
                String log = Files.exists(home.resolve("data/log/karaf.log")) ? log() : "";
                throw new AssertionError(hung.getMessage() + "\n--- the last of karaf.log\n" + log.substring(Math.max(0, log.length() - 6000)), hung);
            }
            assertEquals(0, r.exit(), r.toString());
            return new Processes.Result(r.exit(), r.out().replaceAll("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])|\r|\u0008", ""), r.err());
        }

        /**
         * The console's input: the feature repository added, Stowage installed, {@code commands},
         * logout. Karaf's console reads its input as soon as it starts, before the bundles that
         * bring the commands have registered them: it first waits for Karaf's feature commands.
         */
        private Path input(String... commands) throws java.io.IOException {
            List<String> lines = new java.util.ArrayList<>(List.of(waitFor("feature:repo-list"), "feature:repo-add " + features.toUri(),
                    "feature:install stowage"));
            lines.addAll(List.of(commands));
            lines.add("logout");
            return Files.writeString(home.resolveSibling("commands.txt"), String.join("\n", lines) + "\n");
        }

        /** A console line that returns once each of {@code commands} runs (Gogo's {@code until}, {@code try} and {@code sleep} are there from the start). */
        static String waitFor(String... commands) {
            return "until { try { " + String.join(" ; ", commands) + " ; true } { false } } { sleep 1 }";
        }

        String log() throws java.io.IOException {
            return Files.readString(home.resolve("data/log/karaf.log"));
        }
    }

    private static Karaf karaf() throws Exception {
        Path work = Files.createTempDirectory("stowage-karaf-");
        Processes.check(work, Map.of(), List.of("tar", "xzf", System.getProperty("stowage.karaf"), "-C", work.toString()));
        Path karaf;
        try (var dirs = Files.list(work)) {
            karaf = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path features = work.resolve("stowage-features.xml");
        Files.writeString(features, localBundles(Files.readString(Paths.get(System.getProperty("stowage.features")))));
        Files.writeString(karaf.resolve("etc/system.properties"), "\nstowage.data=" + work.resolve("data") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        // the machine's free space is not these tests' subject: the store's health check warns at no share of it
        Files.writeString(karaf.resolve("etc/io.stowage.store.fs.cfg"), "health.free.warn=0\n");
        return new Karaf(karaf, work.resolve("data"), features);
    }

    /**
     * {@code feature:install stowage} makes {@code image:pull} work, on Karaf's console in a
     * terminal, where Tab completes a Stowage command's options and stored image IDs as it does
     * Karaf's own commands'; {@code feature:install stowage-server} with the operator's
     * {@code etc/io.stowage.server.cfg} (which the feature's default configuration does not
     * replace) serves the store, and Karaf pulls its own image back from it. (Typed-ahead
     * {@code config:edit} lines were lost while Karaf refreshed its console after the install.)
     */
    @Test
    void featureInstallMakesImagePullWork() throws Exception {
        Karaf karaf = karaf();
        String ref = f.ref("app:latest");
        String id = Fixture.sha256(f.rawConfig("app:latest")).substring(7, 19);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String served = "127.0.0.1:" + port + "/app:latest";
        Files.writeString(karaf.home().resolve("etc/io.stowage.server.cfg"), "enabled=true\naddress=127.0.0.1\nport=" + port + "\n");
        Processes.Result r = karaf.onTerminal("image:pull " + ref, "image:ls", "image:ls --dig\t", "image:history -q " + id.substring(0, 6) + "\t",
                // the registry server's feature: Karaf pulls from its own server what it pulled before
                "feature:install stowage-server", Karaf.waitFor("image:pull -q " + served));
        String out = r.out();
        assertTrue(out.lines().anyMatch(l -> l.equals(served)), "pulled from the server in Karaf: " + out);
        assertTrue(out.contains("Status: Downloaded newer image for " + ref), r.toString());
        assertTrue(out.lines().anyMatch(l -> l.startsWith(f.ref("app") + "   latest    " + id)), r.toString());
        assertTrue(out.lines().anyMatch(l -> l.startsWith("REPOSITORY") && l.contains("DIGEST")), "--dig completed to --digests: " + out);
        assertTrue(out.lines().anyMatch(l -> l.equals(id)), "the image ID completed, its history printed: " + out);
        assertTrue(Files.isRegularFile(karaf.data().resolve("index.json")), "the fs store wrote to stowage.data");
        // the OSGi Log Service is Karaf's Pax Logging: Stowage's lines are in karaf.log with no configuration of its own
        String log = karaf.log();
        assertTrue(log.contains("pull " + ref + " started") && log.contains("pull " + ref + " finished: sha256:"), log);
    }

    /**
     * Karaf's conventions: {@code <command> --help} and {@code help <command>} show the command's
     * usage in Karaf's layout ({@code help} pages a long one through {@code more}, which would read
     * the commands that follow as keys: here the short ones; {@code help image} grew past a page with
     * image:unpack, so the scope listed is registry's), {@code help <scope>} lists the scope's commands, options repeat as
     * Karaf's do; a user's mistake is an error on the console, not an ERROR with a stack trace in
     * karaf.log; Event Admin installed after Stowage (Karaf then refreshes its shell and SCR, and
     * Stowage with them) leaves the console working and gets Stowage's events from then on, with
     * no ERROR logged (the event component failed to load without Event Admin's package).
     */
    @Test
    void karafConventionsAndEventAdminInstalledAfterStowage() throws Exception {
        Karaf karaf = karaf();
        String ref = f.ref("other:latest");
        Processes.Result first = karaf.run("image:pull --help", "image:ls --help", "help image:tag", "help registry", "image:rm nosuch:1", "image:ls --bogus",
                // Karaf's help reads every matching command's description from its service: a registered
                // command whose component declines to activate (the runtime-only shell commands did) broke it
                "help \"command-list|shell:e\"");
        // Event Admin after Stowage: Karaf then refreshes its shell, SCR and Pax Logging, and Stowage with
        // them; a console reading a pipe may end there (Karaf's, with or without Stowage), so the rest runs
        // in Karaf started again
        karaf.typed("feature:install eventadmin");
        Processes.Result r = karaf.run(Karaf.waitFor("event:display", "image:ls -q"), "image:pull -q " + ref, "event:display", "image:ls -q",
                "image:ls --filter dangling=false -f reference=*/oth*", "image:ls -f dangling=true --filter reference=*/oth*", "stowage:health");
        String out = first.out() + r.out();
        String text = out.replaceAll("\u001B\\[[0-9;]*m", "");
        assertTrue(text.contains("image:pull [options] [args]") && text.contains("download every tag of the repository"), out);
        assertTrue(text.contains("image:ls [options] [args]") && text.contains("--digests"), "image:ls --help: " + out);
        assertTrue(text.contains("image:tag [args]") && text.contains("SOURCE_IMAGE TARGET_IMAGE"), "help image:tag: " + out);
        assertTrue(text.contains("SUBSHELL") && text.lines().anyMatch(l -> l.matches(".*\\| registry:tags +\\| List a repository's tags.*"))
                && text.lines().anyMatch(l -> l.matches(".*\\| registry:login +\\| .*")), "help registry: " + out);
        assertTrue(text.contains("undefined option --bogus"), out);
        assertEquals(1, text.lines().filter(l -> l.startsWith(f.ref("other") + "   latest")).count(),
                "both filters taken: reference matches, dangling=false keeps it, dangling=true drops it: " + out);
        assertTrue(out.contains("No such image: nosuch:1"), out);
        assertTrue(out.contains("io/stowage/image/PULLED"), "the pull's event, after Event Admin came: " + out);
        String id = Fixture.sha256(f.rawConfig("other:latest")).substring(7, 19);
        assertTrue(out.lines().anyMatch(l -> l.equals(id)), "image:ls after it all: " + out);
        assertTrue(out.contains("Stowage store: OK") && out.contains(f.host() + ": last pull succeeded at "), "health: " + out);
        assertTrue(out.contains("shell:exec") && !out.contains("NullPointerException"), "Karaf's help: " + out);
        String log = karaf.log();
        assertFalse(log.lines().anyMatch(l -> l.contains("| ERROR |")), "no ERROR in karaf.log: " + log);
        assertFalse(log.contains("No such image"), "a user's mistake is not logged: " + log);
    }

    /** The feature repository with Stowage's bundles at the runtime's jars. */
    private static String localBundles(String xml) {
        Path bundles = Paths.get(System.getProperty("stowage.dist", "../runtime/target/stowage")).resolve("bundle").toAbsolutePath();
        Matcher m = STOWAGE_BUNDLE.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) + "-" + m.group(2) + ".jar";
            Path jar = Files.isRegularFile(bundles.resolve(name)) ? bundles.resolve(name) : bundles.resolve("serve").resolve(name);
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError("the feature names " + m.group() + " but the runtime has no " + jar);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<bundle>" + jar.toUri() + "</bundle>"));
        }
        return m.appendTail(out).toString();
    }
}
