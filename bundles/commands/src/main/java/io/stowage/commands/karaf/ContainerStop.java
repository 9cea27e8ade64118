package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:stop} in Karaf. */
@Service
@Command(scope = "container", name = "stop", description = "Stop one or more running containers: their stop signal, then KILL after the timeout")
public final class ContainerStop extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "-t", aliases = "--time", description = "seconds to wait before killing the container (default 10)")
    String time;

    @Argument(multiValued = true, description = "container names or IDs")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.stop(time == null ? "10" : time, given(args));
        return null;
    }
}
