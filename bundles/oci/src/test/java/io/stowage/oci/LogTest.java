package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

class LogTest {
    private final List<String> lines = new ArrayList<>();

    /** A Log Service whose loggers record "level format [args]". */
    private LoggerFactory recording() {
        Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    if (method.getName().equals("getName")) {
                        return "test";
                    }
                    lines.add(method.getName() + " " + args[0] + " " + Arrays.toString((Object[]) args[1]));
                    return null;
                });
        return (LoggerFactory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LoggerFactory.class},
                (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
    }

    @Test
    void textFromOutsideIsEscapedNumbersAndThrowablesPass() {
        Log log = new Log(LogTest.class);
        LoggerFactory factory = recording();
        log.bind(factory);
        IllegalStateException failure = new IllegalStateException("x");
        log.warn("pull {} failed: {}", "evil\u001b[2J\r\nname", 42, failure);
        assertEquals(List.of("warn pull {} failed: {} [evil\\x1b[2J\\x0d\\x0aname, 42, " + failure + "]"), lines);
    }

    @Test
    void outsideAFrameworkNothingIsWrittenUntilAFactoryIsBound() {
        Log log = new Log(LogTest.class);
        log.info("before {}", 1); // no framework, no Log Service: dropped, no failure
        LoggerFactory factory = recording();
        log.bind(factory);
        log.info("bound {}", 2);
        log.bind(null);
        log.error("after {}", 3);
        assertEquals(List.of("info bound {} [2]"), lines);
    }
}
