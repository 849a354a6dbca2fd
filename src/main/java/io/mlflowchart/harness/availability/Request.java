package io.mlflowchart.harness.availability;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Locale;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * One request of a {@link Traffic} client: when it was sent, how long it took to end, what it was and how it ended
 * ({@link Outcome#OK}, or why not). {@code sequence} is the write's number (the metric step it logs), -1 for a read.
 */
public record Request(Instant sent, long millis, Kind kind, String outcome, long sequence) {

    public enum Kind {
        READ,
        WRITE
    }

    /** How a request ended, as the report counts failures: one of these words, or {@code http <status>}. */
    public static final class Outcome {

        public static final String OK = "ok";

        public static final String REFUSED = "connection refused";

        public static final String RESET = "connection reset";

        public static final String CLOSED = "connection closed before an answer";

        public static final String TIMEOUT = "timeout";

        private Outcome() {}

        public static final String CONNECT_TIMEOUT = "connect timeout";

        public static String ofStatus(int status) {
            return status >= 200 && status < 300 ? OK : "http " + status;
        }

        /** What the HTTP client threw, in the words above; anything else by its class and message. */
        public static String of(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectTimeoutException) {
                    return CONNECT_TIMEOUT;
                }
                if (cause instanceof SocketTimeoutException) {
                    return TIMEOUT;
                }
                if (cause instanceof ConnectException) {
                    return REFUSED;
                }
                if (cause instanceof NoHttpResponseException) {
                    return CLOSED;
                }
                if (String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connection reset")) {
                    return RESET;
                }
            }
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
    }

    public static Request read(Instant sent, long millis, String outcome) {
        return new Request(sent, millis, Kind.READ, outcome, -1);
    }

    public static Request write(Instant sent, long millis, String outcome, long sequence) {
        return new Request(sent, millis, Kind.WRITE, outcome, sequence);
    }

    public Instant answered() {
        return sent.plusMillis(millis);
    }

    public boolean ok() {
        return Outcome.OK.equals(outcome);
    }
}
