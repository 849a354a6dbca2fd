package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;

/** The pair of credential settings a given endpoint needs: both set, or a message naming both ways to set them. */
record EndpointCredentials(HarnessProperty user, HarnessProperty secret) {

    /** Fails when either is unset in {@code settings}; {@code what} says what the credentials must be allowed to do. */
    void requireFor(Settings settings, HarnessProperty endpoint, String what) {
        if (user.valueIn(settings).isEmpty() || secret.valueIn(settings).isEmpty()) {
            throw new IllegalArgumentException(
                    endpoint.name() + "=" + endpoint.valueIn(settings) + " needs " + user.name()
                            + " and " + secret.name() + " too (or " + user.environmentVariable() + " and "
                            + secret.environmentVariable()
                            + "): " + what);
        }
    }
}
