package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.osgi.framework.Bundle;

/**
 * The commands through Gogo, with the shell bundle started as the service mode starts it
 * ({@code gosh.args=--nointeractive}, the runtime's {@code etc/gosh_profile}): its own commands,
 * JLine's, are registered, and a pipe from a Stowage command into one of them works. Run on Felix
 * and on Equinox, this is where their class loading of Gogo and JLine would differ.
 */
public class CommandsIT extends RuntimeTest {
    @Inject
    private CommandProcessor processor;

    @Override
    @Configuration // Pax Exam looks for the annotation on the method it calls, not on the one overridden
    public Option[] config() {
        return OptionUtils.combine(super.config(), frameworkProperty("gosh.args").value("--nointeractive"));
    }

    @Test
    public void commandsRunThroughGogoAndPipeIntoTheShellsOwn() throws Exception {
        Bundle shell = bundle(Runtime.SHELL);
        shell.start();
        assertEquals(Bundle.ACTIVE, shell.getState());
        eventually(() -> {
            assertNotNull("the shell's grep is not registered",
                    context.getServiceReferences((String) null, "(&(osgi.command.scope=gogo)(osgi.command.function=grep))"));
            return null;
        });

        String pulled = run("image:pull " + app());
        assertTrue(pulled, pulled.contains("Status: Downloaded newer image for " + app()));

        String listed = run("image:ls | grep --color=never app");
        assertTrue(listed, listed.contains(registry() + "/app"));
        assertFalse("grep let the header through: " + listed, listed.contains("REPOSITORY"));
        assertEquals(1, images.list().size());
    }

    /** What the command line prints, and its value formatted as the shell would. */
    private String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object value = session.execute(line);
            if (value != null) {
                print.println(session.format(value, org.apache.felix.service.command.Converter.INSPECT));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
