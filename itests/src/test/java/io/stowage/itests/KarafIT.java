package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void featureInstallMakesImagePullWork() throws Exception {
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

        String ref = f.ref("app:latest");
        Path input = Files.writeString(work.resolve("commands.txt"), String.join("\n",
                "feature:repo-add " + features.toUri(), "feature:install stowage", "image:pull " + ref, "image:ls", "logout", ""));
        Processes.Result r = Processes.run(karaf, Map.of(), List.of("sh", "-c", "bin/karaf < " + input));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Status: Downloaded newer image for " + ref), r.toString());
        String id = Fixture.sha256(f.rawConfig("app:latest")).substring(7, 19);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(f.ref("app") + "   latest    " + id)), r.toString());
        assertTrue(Files.isRegularFile(work.resolve("data/index.json")), "the fs store wrote to stowage.data");
        // the OSGi Log Service is Karaf's Pax Logging: Stowage's lines are in karaf.log with no configuration of its own
        String log = Files.readString(karaf.resolve("data/log/karaf.log"));
        assertTrue(log.contains("pull " + ref + " started") && log.contains("pull " + ref + " finished: sha256:"), log);
    }

    /** The feature repository with Stowage's bundles at the runtime's jars. */
    private static String localBundles(String xml) {
        Path bundles = Paths.get(System.getProperty("stowage.dist", "../runtime/target/stowage")).resolve("bundle").toAbsolutePath();
        Matcher m = STOWAGE_BUNDLE.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path jar = bundles.resolve(m.group(1) + "-" + m.group(2) + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError("the feature names " + m.group() + " but the runtime has no " + jar);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<bundle>" + jar.toUri() + "</bundle>"));
        }
        return m.appendTail(out).toString();
    }
}
