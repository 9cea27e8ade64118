package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:ls} in Karaf. */
@Service
@Command(scope = "container", name = "ls", description = "List containers (running ones; all with -a)")
public final class ContainerLs extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "-a", aliases = "--all", description = "show all containers, not only running ones")
    boolean all;

    @Option(name = "-q", aliases = "--quiet", description = "only display container IDs")
    boolean quiet;

    @Override
    public Object execute() throws Exception {
        commands.ls(all, quiet);
        return null;
    }
}
