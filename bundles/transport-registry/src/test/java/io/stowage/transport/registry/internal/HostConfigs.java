package io.stowage.transport.registry.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Host configurations as Configuration Admin gives them: the values set, every other one its default. */
final class HostConfigs {
    private HostConfigs() {
    }

    static HostConfig of(String host, String rate, int concurrency) {
        return of(Map.of("host", host, "rate", rate, "concurrency", concurrency));
    }

    static HostConfig of(Map<String, Object> values) {
        return (HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(), new Class<?>[] {HostConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> HostConfig.class;
                    case "toString" -> "HostConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }
}
