package io.stowage.commands.karaf;

import io.stowage.commands.internal.ArtifactCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code artifact:ls} in Karaf. */
@Service
@Command(scope = "artifact", name = "ls", description = "List the artifacts in the store")
public final class ArtifactLs extends StowageAction {
    @Reference
    ArtifactCommands commands;

    @Override
    public Object execute() throws Exception {
        commands.ls();
        return null;
    }
}
