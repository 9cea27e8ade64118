package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:load} in Karaf. */
@Service
@Command(scope = "image", name = "load", description = "Load images from a tar archive (docker save's format, or an OCI layout's tar; gzip too), "
        + "or from standard input")
public final class ImageLoad extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-i", aliases = "--input", description = "the archive to read (default: standard input)")
    String input;

    @Option(name = "-q", aliases = "--quiet", description = "print only the loaded names or IDs")
    boolean quiet;

    @Override
    public Object execute() throws Exception {
        commands.load(or(input), quiet);
        return null;
    }
}
