package io.mlflowchart.harness.mlflow;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A user name and password for MLflow's basic-auth app; {@link #toString()} hides the password. */
public record BasicAuth(String username, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user with a random password long enough for every MLflow version (3.x refuses fewer than 12 characters). */
    public static BasicAuth generate(String username) {
        return new BasicAuth(username, randomToken());
    }

    /** 32 random hex digits: for passwords and secret keys. */
    public static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return username + ":<password>";
    }
}
