package io.stowage.commands.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;

/**
 * {@code <command> --help}: a command's usage, description, arguments and options, read from
 * the {@code @Descriptor} and {@code @Parameter} annotations Gogo itself reads, in Docker's
 * layout. Every Stowage command answers it, in Gogo and in Karaf, whose {@code help <command>}
 * runs {@code <command> --help} and shows what it prints.
 */
final class Help {
    private Help() {
    }

    /** Whether {@code args} ask for help: {@code --help} or {@code -h} anywhere among them. */
    static boolean asked(String[] args) {
        if (args != null) {
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * When {@code args} ask for help, prints the usage of {@code scope:function} (the public
     * method {@code function} of {@code commands}) and returns true: the command then returns.
     */
    static boolean shown(Class<?> commands, String command, String[] args) {
        if (!asked(args)) {
            return false;
        }
        System.out.print(of(commands, command));
        return true;
    }

    /** The scopes of Stowage's own commands. */
    static final List<String> STOWAGE_SCOPES = List.of("image", "artifact", "container", "registry", "store", "stowage");

    private static Method method(Class<?> commands, String command) {
        String function = command.substring(command.indexOf(':') + 1);
        for (Method m : commands.getMethods()) {
            if (m.getName().equals(function) && m.isAnnotationPresent(Descriptor.class)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no command method " + function + " in " + commands.getName());
    }

    /** The command's one-line description. */
    static String description(Class<?> commands, String command) {
        return describe(method(commands, command).getAnnotations());
    }

    /** The command's long option names, without their dashes ({@code quiet} for {@code --quiet}). */
    static List<String> longOptions(Class<?> commands, String command) {
        List<String> names = new ArrayList<>();
        for (Parameter p : method(commands, command).getParameters()) {
            org.apache.felix.service.command.Parameter option = p.getAnnotation(org.apache.felix.service.command.Parameter.class);
            if (option != null) {
                for (String n : option.names()) {
                    if (n.startsWith("--")) {
                        names.add(n.substring(2));
                    }
                }
            }
        }
        names.add("help");
        return names;
    }

    /** The help text of {@code scope:function}, implemented by method {@code function} of {@code commands}. */
    static String of(Class<?> commands, String command) {
        Method method = method(commands, command);
        List<String[]> options = new ArrayList<>(); // {names, value, text}
        String arguments = null;
        for (Parameter p : method.getParameters()) {
            org.apache.felix.service.command.Parameter option = p.getAnnotation(org.apache.felix.service.command.Parameter.class);
            String text = describe(p.getAnnotations());
            if (option != null) {
                String[] names = option.names();
                String shortName = "";
                List<String> longNames = new ArrayList<>();
                for (String n : names) {
                    if (n.startsWith("--")) {
                        longNames.add(n);
                    } else {
                        shortName = n;
                    }
                }
                boolean flag = !org.apache.felix.service.command.Parameter.UNSPECIFIED.equals(option.presentValue());
                String spelled = (shortName.isEmpty() ? "    " : shortName + ", ") + String.join(", ", longNames);
                options.add(new String[] {spelled, flag ? "" : " " + valueName(p.getType()), text});
            } else if (p.isVarArgs() || p.getType() == String.class) {
                arguments = text;
            }
        }
        options.add(new String[] {"-h, --help", "", "print this help"});
        StringBuilder b = new StringBuilder();
        b.append("\nUsage:  ").append(command).append(" [OPTIONS]").append(arguments == null || arguments.isEmpty() ? "" : " ARGS").append("\n\n");
        b.append(describe(method.getAnnotations())).append("\n");
        if (arguments != null && !arguments.isEmpty()) {
            b.append("\nArguments:\n  ").append(arguments).append("\n");
        }
        b.append("\nOptions:\n");
        int width = options.stream().mapToInt(o -> o[0].length() + o[1].length()).max().orElse(0) + 3;
        for (String[] o : options) {
            String left = o[0] + o[1];
            b.append("  ").append(left).append(" ".repeat(width - left.length())).append(o[2]).append('\n');
        }
        return b.toString();
    }

    private static String valueName(Class<?> type) {
        return type == int.class || type == long.class || type == Integer.class || type == Long.class ? "int" : "string";
    }

    private static String describe(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof Descriptor d) {
                return d.value();
            }
        }
        return "";
    }
}
