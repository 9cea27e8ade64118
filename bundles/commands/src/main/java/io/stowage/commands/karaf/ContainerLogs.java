package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:logs} in Karaf. */
@Service
@Command(scope = "container", name = "logs", description = "Print a container's output (standard output and error)")
public final class ContainerLogs extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "-f", aliases = "--follow", description = "follow the output until the container exits")
    boolean follow;

    @Argument(multiValued = true, description = "container name or ID")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.logs(follow, given(args));
        return null;
    }
}
