package io.stowage.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The peers every end-to-end test shares, made once per test JVM: an open registry holding the
 * images of build-images.sh, and a registry behind htpasswd basic auth holding
 * {@code private/app:latest}. skopeo answers what those images contain.
 */
public final class Fixture {
    static final String USER = "stowage";
    static final String PASSWORD = "s3cret-pass";
    static final ObjectMapper JSON = new ObjectMapper();
    private static Fixture instance;

    final Path work;
    final Registry registry;
    final Registry authRegistry;

    private Fixture() throws Exception {
        work = Files.createTempDirectory("stowage-itests-");
        registry = new Registry(work.resolve("registry"), null, null);
        authRegistry = new Registry(work.resolve("auth-registry"), USER, PASSWORD);
        Path script = work.resolve("build-images.sh");
        try (var in = Fixture.class.getResourceAsStream("/build-images.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path images = Files.createDirectories(work.resolve("images"));
        Processes.check(images, Map.of(), List.of("sh", script.toString(), images.toString(), registry.host()));
        Processes.check(images, Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                "--dest-creds=" + USER + ":" + PASSWORD, "oci:img:app", "docker://" + authRegistry.host() + "/private/app:latest"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    public static synchronized Fixture get() {
        if (instance == null) {
            try {
                instance = new Fixture();
            } catch (Exception e) {
                throw new AssertionError("cannot set up the registry fixture: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /** {@code 127.0.0.1:<port>}: the open registry. */
    public String host() {
        return registry.host();
    }

    /** {@code 127.0.0.1:<port>/<repository>:<tag>} in the open registry. */
    public String ref(String repositoryAndTag) {
        return registry.host() + "/" + repositoryAndTag;
    }

    /** What {@code skopeo inspect} says of an image in the open registry. */
    JsonNode inspect(String repositoryAndTag) {
        return skopeo("inspect", "--tls-verify=false", "docker://" + ref(repositoryAndTag));
    }

    /** The image's config, as skopeo reads it ({@code skopeo inspect --config --raw}). */
    byte[] rawConfig(String repositoryAndTag) {
        return skopeoBytes("inspect", "--tls-verify=false", "--config", "--raw", "docker://" + ref(repositoryAndTag));
    }

    /** The raw manifest (or index) the registry serves for a tag. */
    byte[] rawManifest(String repositoryAndTag) {
        return skopeoBytes("inspect", "--tls-verify=false", "--raw", "docker://" + ref(repositoryAndTag));
    }

    JsonNode skopeo(String... args) {
        return json(skopeoBytes(args));
    }

    byte[] skopeoBytes(String... args) {
        List<String> command = new ArrayList<>();
        command.add("skopeo");
        command.addAll(List.of(args));
        return Processes.check(work, Map.of(), command).out().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses JSON text or bytes a tool printed. */
    static JsonNode json(Object text) {
        try {
            return text instanceof byte[] b ? JSON.readTree(b) : JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void close() {
        try {
            registry.close();
            authRegistry.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
