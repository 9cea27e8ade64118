package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:ls} in Karaf. */
@Service
@Command(scope = "container", name = "ls", description = "List containers")
public final class ContainerLs extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Override
    public Object execute() throws Exception {
        commands.ls();
        return null;
    }
}
