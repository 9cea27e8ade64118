package io.stowage.commands.karaf;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/** What each Stowage action shares: the session it runs in and the conversions to the Gogo method's arguments. */
abstract class StowageAction implements Action {
    @Reference
    Session session;

    /** The Gogo session under Karaf's, which the commands that read the console take. */
    CommandSession gogo() {
        return (CommandSession) session.get(".commandSession");
    }

    /** The arguments as the Gogo method takes them: none when none were given. */
    static String[] given(List<String> args) {
        return args == null ? new String[0] : args.toArray(new String[0]);
    }

    /** A string option as the Gogo method takes it: empty when absent. */
    static String or(String value) {
        return value == null ? "" : value;
    }

    /** The first of a repeated option's values (empty when absent), as the Gogo method binds it. */
    static String first(List<String> values) {
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /**
     * The arguments with the further values of a repeated option after them, as Gogo leaves them
     * ({@code --filter a --filter b}: {@code a} bound, {@code --filter b} among the arguments).
     */
    static String[] given(List<String> args, String option, List<String> values) {
        List<String> all = new ArrayList<>(List.of(given(args)));
        for (int i = 1; values != null && i < values.size(); i++) {
            all.add(option);
            all.add(values.get(i));
        }
        return all.toArray(new String[0]);
    }
}
