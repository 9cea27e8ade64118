package io.stowage.commands.karaf;

import io.stowage.commands.internal.RegistryCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code registry:tags} in Karaf. */
@Service
@Command(scope = "registry", name = "tags", description = "List a repository's tags at its registry, one per line")
public final class RegistryTags extends StowageAction {
    @Reference
    RegistryCommands commands;

    @Argument(multiValued = true, description = "repository, e.g. alpine or host:5000/app")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.tags(given(args));
        return null;
    }
}
