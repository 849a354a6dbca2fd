package io.mlflowchart.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What {@link HarnessProperty} values are read from: system properties, then environment variables. A run reads this
 * process's; tests give their own, so that what a machine or CI exports ({@code K3S_IMAGE}, {@code KEEP}, ...) cannot
 * change their outcome.
 */
public record Settings(Map<String, String> systemProperties, Map<String, String> environment) {

    public Settings {
        systemProperties = Map.copyOf(systemProperties);
        environment = Map.copyOf(environment);
    }

    /** This JVM's system properties and this process's environment, as they are now. */
    public static Settings ofThisProcess() {
        Properties properties = System.getProperties();
        Map<String, String> copy = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> copy.put(name, properties.getProperty(name)));
        return new Settings(copy, System.getenv());
    }
}
