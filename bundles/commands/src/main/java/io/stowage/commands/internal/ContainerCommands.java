package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.Container;
import io.stowage.api.ContainerService;
import java.time.Duration;
import java.time.Instant;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code container:create|ls|rm}: created containers that hold their images, as {@code docker create}. */
@Component(service = ContainerCommands.class, property = {
    "stowage.command.scope=container",
    "stowage.command.function=create",
    "stowage.command.function=ls",
    "stowage.command.function=rm"})
public final class ContainerCommands {
    private static final int COMMAND_WIDTH = 20;
    private final ContainerService containers;

    @Activate
    public ContainerCommands(@Reference ContainerService containers) {
        this.containers = containers;
    }

    @Descriptor("Create a new container from an image; prints its ID")
    public void create(
            @Descriptor("name for the container") @Parameter(names = "--name", absentValue = "") String name,
            @Descriptor("image reference or ID") String... args) {
        if (Help.shown(ContainerCommands.class, "container:create", args)) {
            return;
        }
        try {
            String image = Arguments.exactly("container:create", 1, args)[0];
            System.out.println(containers.create(name.isEmpty() ? null : name, image).id());
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("List containers")
    public void ls(String... args) {
        if (Help.shown(ContainerCommands.class, "container:ls", args)) {
            return;
        }
        try {
            Arguments.exactly("container:ls", 0, args);
            Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            Instant now = Instant.now();
            for (Container c : containers.list()) {
                table.row(c.id().substring(0, 12), c.image(), command(c), Human.duration(Duration.between(c.created(), now))
                        + " ago", "Created", "", c.name());
            }
            System.out.print(table);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Remove one or more containers")
    public void rm(@Descriptor("container names or IDs") String... args) {
        if (Help.shown(ContainerCommands.class, "container:rm", args)) {
            return;
        }
        try {
            Outcomes.each(Arguments.atLeastOne("container:rm", args), name -> {
                containers.remove(name);
                System.out.println(io.stowage.api.TerminalText.escape(name));
            }, System.err);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    /** The command quoted and cut to Docker's width: {@code "sh -c 'echo hi'"}. */
    static String command(Container c) {
        String text = String.join(" ", c.command());
        if (text.length() > COMMAND_WIDTH - 1) {
            text = text.substring(0, COMMAND_WIDTH - 1) + "…";
        }
        return "\"" + text + "\"";
    }
}
