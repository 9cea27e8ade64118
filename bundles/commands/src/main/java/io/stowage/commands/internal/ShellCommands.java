package io.stowage.commands.internal;

import io.stowage.oci.NearNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The Gogo shell of the Stowage runtime as people expect it: {@code exit} leaves (it stops the
 * runtime, as the end of the shell's input does), and a command that does not exist is one line
 * with a suggestion ({@code unknown command "imag:ls"; did you mean image:ls?}) instead of
 * Gogo's exception. Gogo calls a command named {@code default} with the unknown name first.
 * Only in the runtime ({@code stowage.home} set): in Karaf, and in a framework Stowage is
 * embedded in, the shell and its exit are their owners'.
 */
@Component(service = ShellCommands.class, enabled = false, property = {"osgi.command.scope=shell",
    "osgi.command.function=default", "osgi.command.function=exit", "osgi.command.function=completions"})
public final class ShellCommands {
    private final BundleContext context;

    @Activate
    public ShellCommands(BundleContext context) {
        this.context = context;
    }

    /**
     * Enables {@link ShellCommands} in the runtime only. Not in Karaf: a command service that is
     * registered but then declines to activate breaks Karaf's {@code help}, which gets every
     * command's service to read its descriptions.
     */
    @Component
    public static final class Enabler {
        @Activate
        public Enabler(ComponentContext component) {
            BundleContext context = component.getBundleContext();
            if (context.getProperty("stowage.home") != null && !GogoCommands.inKaraf(context)) {
                component.enableComponent(ShellCommands.class.getName());
            }
        }
    }

    /** Gogo's {@code default} (a keyword in Java, hence the underscore): {@code argv[0]} is the command not found. */
    @Descriptor("Answers a command that does not exist")
    public Object _default(Object... argv) {
        String typed = argv.length > 0 ? String.valueOf(argv[0]) : "";
        String near = NearNames.closest(typed, commands());
        throw new UnknownCommand("unknown command \"" + io.stowage.api.TerminalText.escape(typed) + "\""
                + (near != null ? "; did you mean " + near + "?" : "") + " (help lists the commands)");
    }

    @Descriptor("Leave the shell (stops Stowage)")
    public void exit() throws BundleException {
        context.getBundle(0).stop();
    }

    /**
     * What the runtime's {@code etc/gosh_profile} builds tab completion from: {@code commands}
     * (Stowage's), {@code description <command>}, {@code options <command>} (long names, without
     * the dashes), {@code takes-image <command>}, and {@code images} (stored names and short IDs).
     */
    @Descriptor("Completion data for the shell's profile")
    public Object completions(String what, String... command) {
        switch (what) {
            case "commands":
                return commands().stream().filter(n -> Help.STOWAGE_SCOPES.contains(n.substring(0, n.indexOf(':')))).sorted()
                        .toList();
            case "description":
                return Help.description(implementation(command[0]), command[0]);
            case "options":
                return Help.longOptions(implementation(command[0]), command[0]);
            case "takes-image":
                return IMAGE_TAKERS.contains(command[0]);
            case "images":
                return images();
            default:
                throw new IllegalArgumentException("completions: commands, description, options, takes-image or images");
        }
    }

    /** The commands whose arguments are stored images. */
    static final java.util.Set<String> IMAGE_TAKERS = java.util.Set.of("image:inspect", "image:rm", "image:tag",
            "image:history", "image:push", "image:save", "container:create");

    private List<String> images() {
        ServiceReference<io.stowage.api.ImageService> ref = context.getServiceReference(io.stowage.api.ImageService.class);
        if (ref == null) {
            return List.of();
        }
        try {
            return storedImages(context.getService(ref));
        } finally {
            context.ungetService(ref);
        }
    }

    /** What completes an image argument: the stored images' familiar names and short IDs (none when the store cannot be read). */
    public static List<String> storedImages(io.stowage.api.ImageService images) {
        try {
            List<String> names = new ArrayList<>();
            for (io.stowage.api.Image image : images.list()) {
                image.repoTags().forEach(t -> names.add(t.familiar()));
                names.add(image.id().hex().substring(0, 12));
            }
            return names.stream().distinct().toList();
        } catch (RuntimeException e) {
            return List.of(); // a store that cannot be read completes nothing
        }
    }

    /** The class of the service that implements {@code scope:function}. */
    private Class<?> implementation(String scoped) {
        int colon = scoped.indexOf(':');
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(&(osgi.command.scope="
                    + scoped.substring(0, colon) + ")(osgi.command.function=" + scoped.substring(colon + 1) + "))");
            if (refs == null) {
                throw new IllegalArgumentException("no command " + scoped);
            }
            Object service = context.getService(refs[0]);
            try {
                return service.getClass();
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("no command " + scoped, e);
        }
    }

    /** Every command registered now, as {@code scope:function}. */
    private List<String> commands() {
        List<String> names = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=*)");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Object scope = ref.getProperty("osgi.command.scope");
                Object functions = ref.getProperty("osgi.command.function");
                Object[] all = functions instanceof Object[] a ? a : new Object[] {functions};
                for (Object f : all) {
                    if (!"default".equals(f)) {
                        names.add(scope + ":" + f);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** An unknown command, printed by the shell as its message alone. */
    static final class UnknownCommand extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownCommand(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
