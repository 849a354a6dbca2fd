package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;

/** The pair of credential settings a given endpoint needs: both set, or a message naming both ways to set them. */
record EndpointCredentials(HarnessProperty user, HarnessProperty secret) {

    /** Fails when either is unset; {@code what} says what the credentials must be allowed to do. */
    void requireFor(HarnessProperty endpoint, String what) {
        if (user.value().isEmpty() || secret.value().isEmpty()) {
            throw new IllegalArgumentException(endpoint.name() + "=" + endpoint.value() + " needs " + user.name() + " and "
                + secret.name() + " too (or " + user.environmentVariable() + " and " + secret.environmentVariable()
                + "): " + what);
        }
    }
}
