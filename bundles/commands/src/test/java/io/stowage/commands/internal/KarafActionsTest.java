package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.commands.karaf.StoredImages;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Karaf actions are Stowage's commands as Gogo has them: one action for each function a
 * command component registers (read from the component descriptions bnd wrote), with the same
 * description, the same options (names, descriptions, flag or value), an argument where the Gogo
 * method describes one, and stored images completed where the Gogo shell completes them.
 */
class KarafActionsTest {
    private static final Path CLASSES = Path.of("target/classes");

    /** {@code scope:function} → the component class that implements it, from OSGI-INF. */
    private static Map<String, Class<?>> gogoCommands() throws Exception {
        Map<String, Class<?>> commands = new TreeMap<>();
        try (Stream<Path> xmls = Files.list(CLASSES.resolve("OSGI-INF"))) {
            for (Path xml : xmls.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Element component = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
                String scope = null;
                List<String> functions = new ArrayList<>();
                NodeList properties = component.getElementsByTagName("property");
                for (int i = 0; i < properties.getLength(); i++) {
                    Element p = (Element) properties.item(i);
                    String values = p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim();
                    if (p.getAttribute("name").equals(GogoCommands.SCOPE)) {
                        scope = values;
                    } else if (p.getAttribute("name").equals(GogoCommands.FUNCTION)) {
                        functions.addAll(List.of(values.split("\\s+")));
                    }
                }
                if (scope == null) {
                    continue;
                }
                Class<?> implementation = Class.forName(((Element) component.getElementsByTagName("implementation").item(0)).getAttribute("class"));
                for (String f : functions) {
                    commands.put(scope + ":" + f, implementation);
                }
            }
        }
        return commands;
    }

    /** {@code scope:name} → the Karaf action class. */
    private static Map<String, Class<?>> karafActions() throws Exception {
        Map<String, Class<?>> actions = new TreeMap<>();
        try (Stream<Path> files = Files.list(CLASSES.resolve("io/stowage/commands/karaf"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("io.stowage.commands.karaf." + name.substring(0, name.length() - ".class".length()));
                Command command = c.getAnnotation(Command.class);
                if (command != null) {
                    assertNotNull(c.getAnnotation(Service.class), c + " is a @Service, or Karaf ignores it");
                    actions.put(command.scope() + ":" + command.name(), c);
                }
            }
        }
        return actions;
    }

    @Test
    void everyCommandIsAKarafActionAndNothingElseIs() throws Exception {
        Map<String, Class<?>> gogo = gogoCommands();
        assertTrue(gogo.size() >= 20 && gogo.containsKey("image:pull") && gogo.containsKey("stowage:health"), gogo.toString());
        assertEquals(gogo.keySet(), karafActions().keySet());
    }

    @Test
    void eachActionDeclaresWhatItsGogoMethodDoes() throws Exception {
        Map<String, Class<?>> actions = karafActions();
        for (Map.Entry<String, Class<?>> e : gogoCommands().entrySet()) {
            String command = e.getKey();
            Class<?> action = actions.get(command);
            assertEquals(Help.description(e.getValue(), command), action.getAnnotation(Command.class).description(), command);
            Method method = gogoMethod(e.getValue(), command);
            assertEquals(gogoOptions(method), karafOptions(action), command + ": options");
            String argument = gogoArgument(method);
            Field karafArgument = field(action, Argument.class);
            if (argument.isEmpty()) {
                assertEquals(null, karafArgument, command + " takes no arguments");
                continue;
            }
            assertNotNull(karafArgument, command + " takes arguments");
            Argument a = karafArgument.getAnnotation(Argument.class);
            assertEquals(argument, a.description(), command);
            assertTrue(a.multiValued(), command);
            Completion completion = karafArgument.getAnnotation(Completion.class);
            assertEquals(ShellCommands.IMAGE_TAKERS.contains(command), completion != null && completion.value() == StoredImages.class,
                    command + ": stored images completed");
        }
    }

    private static Method gogoMethod(Class<?> commands, String command) {
        String function = command.substring(command.indexOf(':') + 1);
        return Stream.of(commands.getMethods()).filter(m -> m.getName().equals(function) && m.isAnnotationPresent(Descriptor.class))
                .findFirst().orElseThrow();
    }

    /** "names | flag or value | description" of each option. */
    private static TreeSet<String> gogoOptions(Method method) {
        TreeSet<String> options = new TreeSet<>();
        for (java.lang.reflect.Parameter p : method.getParameters()) {
            Parameter option = p.getAnnotation(Parameter.class);
            if (option != null) {
                boolean flag = !Parameter.UNSPECIFIED.equals(option.presentValue());
                options.add(String.join(",", new TreeSet<>(List.of(option.names()))) + " | " + (flag ? "flag" : "value") + " | "
                        + p.getAnnotation(Descriptor.class).value());
            }
        }
        return options;
    }

    private static TreeSet<String> karafOptions(Class<?> action) {
        TreeSet<String> options = new TreeSet<>();
        for (Field f : action.getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option != null) {
                TreeSet<String> names = new TreeSet<>(List.of(option.aliases()));
                names.add(option.name());
                options.add(String.join(",", names) + " | " + (f.getType() == boolean.class ? "flag" : "value") + " | " + option.description());
                assertFalse(option.multiValued() && f.getType() != List.class, action + " " + f);
            }
        }
        return options;
    }

    private static String gogoArgument(Method method) {
        java.lang.reflect.Parameter last = method.getParameters()[method.getParameterCount() - 1];
        Descriptor d = last.getAnnotation(Descriptor.class);
        return last.isVarArgs() && d != null ? d.value() : "";
    }

    private static Field field(Class<?> action, Class<? extends java.lang.annotation.Annotation> annotation) {
        return Stream.of(action.getDeclaredFields()).filter(f -> f.isAnnotationPresent(annotation)).findFirst().orElse(null);
    }
}
