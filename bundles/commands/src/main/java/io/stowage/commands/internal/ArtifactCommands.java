package io.stowage.commands.internal;

import io.stowage.api.Artifact;
import io.stowage.api.ArtifactService;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.TerminalText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code artifact:pull|ls|rm}: OCI artifacts kept beside the images and written out as files, as ORAS pulls them. */
@Component(service = ArtifactCommands.class, property = {
    "stowage.command.scope=artifact",
    "stowage.command.function=pull",
    "stowage.command.function=ls",
    "stowage.command.function=rm"})
public final class ArtifactCommands {
    private final ArtifactService artifacts;

    @Activate
    public ArtifactCommands(@Reference ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    @Descriptor("Download an OCI artifact (not an image) into the store, and write its files to a directory")
    public void pull(
            @Descriptor("the directory to write the artifact's files to (each layer titled org.opencontainers.image.title)")
            @Parameter(names = {"-o", "--output"}, absentValue = "") String output,
            @Descriptor("artifact reference, e.g. host:5000/config/pump:1.0") String... args) {
        if (Help.shown(ArtifactCommands.class, "artifact:pull", args)) {
            return;
        }
        try {
            String reference = Arguments.exactly("artifact:pull", 1, args)[0];
            Artifact a = artifacts.pull(reference);
            System.out.println("Pulled " + a.reference().familiar());
            System.out.println("Digest: " + a.digest());
            if (!output.isEmpty()) {
                for (Path file : artifacts.export(reference, Arguments.file(output))) {
                    System.out.println("Wrote " + TerminalText.escape(file.toString()));
                }
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("List the artifacts in the store")
    public void ls(String... args) {
        if (Help.shown(ArtifactCommands.class, "artifact:ls", args)) {
            return;
        }
        try {
            Arguments.exactly("artifact:ls", 0, args);
            Table table = new Table("REFERENCE", "ARTIFACT TYPE", "DIGEST", "PULLED", "SIZE");
            Instant now = Instant.now();
            for (Artifact a : artifacts.artifacts()) {
                table.row(a.reference().familiar(), a.artifactType(), a.digest().shortHex(),
                        a.pulled() == null ? "" : Human.duration(Duration.between(a.pulled(), now)) + " ago", Human.size(a.size()));
            }
            System.out.print(table);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Remove one or more artifacts, and the blobs nothing else needs")
    public void rm(@Descriptor("artifact references") String... args) {
        if (Help.shown(ArtifactCommands.class, "artifact:rm", args)) {
            return;
        }
        try {
            Outcomes.each(Arguments.atLeastOne("artifact:rm", args), name -> {
                java.util.List<Digest> deleted = artifacts.remove(name);
                System.out.println("Untagged: " + TerminalText.escape(name));
                deleted.forEach(d -> System.out.println("Deleted: " + d));
            }, System.err);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }
}
