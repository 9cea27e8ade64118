package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:create} in Karaf (a command's own options after {@code --}: {@code container:create app -- sh -c 'echo hi'}). */
@Service
@Command(scope = "container", name = "create", description = "Create a new container from an image (IMAGE [COMMAND] [ARG...]); prints its ID")
public final class ContainerCreate extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "--name", description = "name for the container")
    String name;

    @Option(name = "-e", aliases = "--env", multiValued = true, description = "set an environment variable (NAME=value, or NAME to pass this one's); may be repeated")
    List<String> env;

    @Option(name = "--entrypoint", description = "overwrite the image's entrypoint")
    String entrypoint;

    @Option(name = "--mount", multiValued = true, description = "attach a file system mount: type=bind,source=/path,target=/path[,readonly]"
            + " or type=tmpfs,target=/path; may be repeated")
    List<String> mount;

    @Argument(multiValued = true, description = "image reference or ID, then the command and its arguments")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        List<String> all = new ArrayList<>(List.of(given(args, "--env", env)));
        for (int i = 1; mount != null && i < mount.size(); i++) {
            all.add("--mount");
            all.add(mount.get(i));
        }
        commands.create(or(name), first(env), or(entrypoint), first(mount), all.toArray(new String[0]));
        return null;
    }
}
