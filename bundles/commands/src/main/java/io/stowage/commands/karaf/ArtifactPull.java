package io.stowage.commands.karaf;

import io.stowage.commands.internal.ArtifactCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code artifact:pull} in Karaf. */
@Service
@Command(scope = "artifact", name = "pull", description = "Download an OCI artifact (not an image) into the store, and write its files to a directory")
public final class ArtifactPull extends StowageAction {
    @Reference
    ArtifactCommands commands;

    @Option(name = "-o", aliases = "--output", description = "the directory to write the artifact's files to (each layer titled org.opencontainers.image.title)")
    String output;

    @Argument(multiValued = true, description = "artifact reference, e.g. host:5000/config/pump:1.0")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.pull(or(output), given(args));
        return null;
    }
}
