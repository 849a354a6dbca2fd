package io.mlflowchart.harness.environment;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the run's one {@link SharedEnvironment}. It lives in the root context's store, so every test
 * class of a run shares it and JUnit closes it once, after the last test.
 */
public class SharedEnvironmentExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedEnvironment.class))
                .getOrComputeIfAbsent(SharedEnvironment.class, key -> new SharedEnvironment(), SharedEnvironment.class);
    }
}
