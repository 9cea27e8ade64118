package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:ls} in Karaf. */
@Service
@Command(scope = "image", name = "ls", description = "List images")
public final class ImageLs extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-a", aliases = "--all", description = "show all images (Stowage keeps no intermediate images: the same as without)")
    boolean all;

    @Option(name = "-q", aliases = "--quiet", description = "only image IDs")
    boolean quiet;

    @Option(name = "--digests", description = "show digests")
    boolean digests;

    @Option(name = "--no-trunc", description = "do not truncate IDs")
    boolean noTrunc;

    @Option(name = "-f", aliases = "--filter", description = "dangling=true|false, reference=<pattern>, before=<image> or since=<image>; may be repeated", multiValued = true)
    List<String> filters;

    @Option(name = "--format", description = "json (one JSON object per image and tag), table, or a Go template, e.g. 'table {{.Repository}}\\t{{.Tag}}'")
    String format;

    @Argument(multiValued = true, description = "[repository[:tag]]")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.ls(all, quiet, digests, noTrunc, first(filters), or(format), given(args, "--filter", filters));
        return null;
    }
}
