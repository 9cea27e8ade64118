package io.stowage.commands.karaf;

import io.stowage.commands.internal.ArtifactCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code artifact:rm} in Karaf. */
@Service
@Command(scope = "artifact", name = "rm", description = "Remove one or more artifacts, and the blobs nothing else needs")
public final class ArtifactRm extends StowageAction {
    @Reference
    ArtifactCommands commands;

    @Argument(multiValued = true, description = "artifact references")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.rm(given(args));
        return null;
    }
}
