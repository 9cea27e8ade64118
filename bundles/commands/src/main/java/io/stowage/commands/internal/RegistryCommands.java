package io.stowage.commands.internal;

import io.stowage.api.ImageService;
import io.stowage.api.MediaTypes;
import io.stowage.api.Referrer;
import io.stowage.oci.OciJson;
import java.util.List;
import io.stowage.api.Platform;
import io.stowage.api.RegistryService;
import io.stowage.api.RemoteImage;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code registry:login|logout}: Docker's {@code login} and {@code logout}, with Docker's output;
 * {@code registry:tags|inspect}: what skopeo's {@code list-tags} and {@code inspect} tell of a
 * repository or an image without pulling it.
 */
@Component(service = RegistryCommands.class, property = {
    "stowage.command.scope=registry",
    "stowage.command.function=login",
    "stowage.command.function=logout",
    "stowage.command.function=tags",
    "stowage.command.function=inspect",
    "stowage.command.function=referrers"})
public final class RegistryCommands {
    private final RegistryService registries;
    private final ImageService images;

    @Activate
    public RegistryCommands(@Reference RegistryService registries, @Reference ImageService images) {
        this.registries = registries;
        this.images = images;
    }

    @Descriptor("List a repository's tags at its registry, one per line")
    public void tags(@Descriptor("repository, e.g. alpine or host:5000/app") String... args) {
        if (Help.shown(RegistryCommands.class, "registry:tags", args)) {
            return;
        }
        try {
            String repository = Arguments.exactly("registry:tags", 1, args)[0];
            images.tags(repository, skipped -> System.err.println("WARNING: " + skipped)).forEach(System.out::println);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Show an image as its registry holds it, without pulling it (skopeo inspect's JSON)")
    public void inspect(
            @Descriptor("print the manifest (or index) as the registry serves it")
            @Parameter(names = "--raw", presentValue = "true", absentValue = "false") boolean raw,
            @Descriptor("print the image configuration as the registry serves it")
            @Parameter(names = "--config", presentValue = "true", absentValue = "false") boolean config,
            @Descriptor("os/arch[/variant] to choose from a multi-platform image")
            @Parameter(names = "--platform", absentValue = "") String platform,
            @Descriptor("image reference") String... args) {
        if (Help.shown(RegistryCommands.class, "registry:inspect", args)) {
            return;
        }
        try {
            String reference = Arguments.exactly("registry:inspect", 1, args)[0];
            if (raw && config) {
                throw new StowageException(Reason.INVALID, "--raw and --config are mutually exclusive");
            }
            RemoteImage image = images.inspectRemote(reference, platform.isEmpty() ? null : Platform.parse(platform));
            if (raw || config) {
                String text = new String(raw ? image.rawManifest() : image.rawConfig(), StandardCharsets.UTF_8);
                System.out.print(text.endsWith("\n") ? text : text + "\n");
            } else {
                System.out.println(RemoteJson.render(image));
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("List what refers to an image at its registry (signatures, SBOMs, attestations: OCI 1.1 referrers)")
    public void referrers(
            @Descriptor("only referrers of this artifact type, e.g. application/spdx+json")
            @Parameter(names = "--artifact-type", absentValue = "") String artifactType,
            @Descriptor("json: the list as an OCI index")
            @Parameter(names = "--format", absentValue = "") String format,
            @Descriptor("image reference") String... args) {
        if (Help.shown(RegistryCommands.class, "registry:referrers", args)) {
            return;
        }
        try {
            String reference = Arguments.exactly("registry:referrers", 1, args)[0];
            if (!format.isEmpty() && !format.equals("json")) {
                throw new StowageException(Reason.INVALID, "--format: json or nothing, not " + io.stowage.api.TerminalText.escape(format));
            }
            List<Referrer> referrers = images.referrers(reference, artifactType.isEmpty() ? null : artifactType);
            if (format.equals("json")) {
                com.fasterxml.jackson.databind.node.ObjectNode index = InspectJson.object().put("schemaVersion", 2)
                        .put("mediaType", MediaTypes.OCI_INDEX);
                com.fasterxml.jackson.databind.node.ArrayNode manifests = index.putArray("manifests");
                for (Referrer r : referrers) {
                    com.fasterxml.jackson.databind.node.ObjectNode d = OciJson.descriptor(r.descriptor());
                    if (!r.artifactType().isEmpty()) {
                        d.put("artifactType", r.artifactType());
                    }
                    manifests.add(d);
                }
                System.out.println(InspectJson.pretty(index));
                return;
            }
            Table table = new Table("DIGEST", "ARTIFACT TYPE", "SIZE", "ANNOTATIONS");
            for (Referrer r : referrers) {
                table.row(r.descriptor().digest().toString(), r.artifactType(), Long.toString(r.descriptor().size()),
                        String.join(", ", r.descriptor().annotations().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            System.out.print(table);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Log in to a registry (Docker Hub when no host is given)")
    public void login(
            @Descriptor("user name") @Parameter(names = {"-u", "--username"}, absentValue = "") String username,
            @Descriptor("password (prefer --password-stdin)") @Parameter(names = {"-p", "--password"}, absentValue = "") String password,
            @Descriptor("read the password from standard input")
            @Parameter(names = "--password-stdin", presentValue = "true", absentValue = "false") boolean passwordStdin,
            @Descriptor("registry host, e.g. registry.lan:5000") String... args) throws IOException {
        if (Help.shown(RegistryCommands.class, "registry:login", args)) {
            return;
        }
        try {
            String[] given = Arguments.atMost("registry:login", 1, args);
            String host = given.length == 0 ? "docker.io" : given[0];
            if (passwordStdin && !password.isEmpty()) {
                throw new StowageException(Reason.INVALID, "--password and --password-stdin are mutually exclusive");
            }
            if (passwordStdin && username.isEmpty()) {
                throw new StowageException(Reason.INVALID, "Must provide --username with --password-stdin");
            }
            if (username.isEmpty() || (password.isEmpty() && !passwordStdin)) {
                throw new StowageException(Reason.INVALID, "Cannot perform an interactive login: give --username and "
                        + "--password-stdin (or --password)");
            }
            if (!password.isEmpty()) {
                System.err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            }
            String secret = passwordStdin ? stripNewline(readPassword(System.in)) : password;
            if (secret.isEmpty()) {
                throw new StowageException(Reason.INVALID, "password is empty");
            }
            registries.login(host, username, secret);
            System.out.println("Login Succeeded");
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Log out from a registry (Docker Hub when no host is given)")
    public void logout(@Descriptor("registry host") String... args) {
        if (Help.shown(RegistryCommands.class, "registry:logout", args)) {
            return;
        }
        try {
            String[] given = Arguments.atMost("registry:logout", 1, args);
            String host = given.length == 0 ? "docker.io" : given[0];
            if (registries.logout(host)) {
                System.out.println("Removing login credentials for " + host);
            } else {
                System.out.println("Not logged in to " + host);
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    /** The most of a password read from standard input. */
    private static final int MAX_PASSWORD = 64 * 1024;

    /**
     * Standard input to its end, as the command's own input: in the shell, the pipe it is given
     * ({@code echo … | registry:login …}); one-shot, the process's. Read by plain reads: the JDK's
     * {@code FileInputStream.readAllBytes} seeks, which a pipe cannot ("Illegal seek").
     */
    static String readPassword(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0;) {
            bytes.write(buffer, 0, n);
            if (bytes.size() > MAX_PASSWORD) {
                throw new StowageException(Reason.INVALID, "password on standard input is longer than " + MAX_PASSWORD + " bytes");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String stripNewline(String s) {
        String t = s;
        while (t.endsWith("\n") || t.endsWith("\r")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
