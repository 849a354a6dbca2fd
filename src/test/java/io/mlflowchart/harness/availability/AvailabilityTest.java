package io.mlflowchart.harness.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    private static final Instant START = Instant.parse("2026-12-02T22:00:00Z");

    private static Instant at(long millis) {
        return START.plusMillis(millis);
    }

    @Test
    void countsRequestsAndFailuresByKindAndHowTheyEnded() {
        List<Request> requests = List.of(
                Request.read(at(0), 10, Request.Outcome.OK),
                Request.write(at(250), 10, Request.Outcome.OK, 0),
                Request.read(at(500), 3, Request.Outcome.REFUSED),
                Request.write(at(750), 5000, Request.Outcome.TIMEOUT, 1),
                Request.read(at(6000), 3, Request.Outcome.REFUSED),
                Request.write(at(6250), 12, "http 503", 2),
                Request.read(at(6500), 10, "http 503"),
                Request.write(at(6750), 10, Request.Outcome.OK, 3));

        Availability figures = Availability.of("route", requests, START, at(7000));

        assertThat(figures.requests()).isEqualTo(8);
        assertThat(figures.reads()).isEqualTo(4);
        assertThat(figures.writes()).isEqualTo(4);
        assertThat(figures.failedReads()).isEqualTo(Map.of("connection refused", 2, "http 503", 1));
        assertThat(figures.failedWrites()).isEqualTo(Map.of("timeout", 1, "http 503", 1));
        assertThat(figures.failedReadCount()).isEqualTo(3);
        assertThat(figures.failedWriteCount()).isEqualTo(2);
        assertThat(figures.acknowledgedWrites()).isEqualTo(2);
        assertThat(figures.writesFound()).isNull();
        assertThat(figures.longestReadGapMillis())
                .as("from the only read answered, at 10 ms, to the end")
                .isEqualTo(6990);
        assertThat(figures.withWritesFound(2).summary())
                .isEqualTo("8 requests; reads: 3 failed (connection refused 2, http 503 1); writes: 2 failed"
                        + " (http 503 1, timeout 1); longest read gap 7.0 s; 2 acknowledged writes, 2 found");
    }

    @Test
    void theLongestReadGapRunsBetweenAnswersNotSendsAndCountsTheStepsStartAndEnd() {
        List<Request> requests = List.of(
                Request.read(at(300), 200, Request.Outcome.OK), // answered at 500
                Request.read(at(1000), 10, Request.Outcome.RESET),
                Request.write(at(1200), 10, Request.Outcome.OK, 0),
                Request.read(at(2000), 1500, Request.Outcome.OK), // answered at 3500: 3000 after the first
                Request.read(at(3600), 100, Request.Outcome.OK)); // answered at 3700

        assertThat(Availability.longestReadGap(requests, START, at(4000))).isEqualTo(Duration.ofMillis(3000));
        assertThat(Availability.longestReadGap(requests, START, at(9000)))
                .as("the end counts: a server that stopped answering reads for good")
                .isEqualTo(Duration.ofMillis(5300));
        assertThat(Availability.longestReadGap(List.of(), START, at(1234)))
                .as("no read answered: the whole step")
                .isEqualTo(Duration.ofMillis(1234));
    }

    @Test
    void namesHowARequestFailedFromWhatTheClientThrew() {
        assertThat(Request.Outcome.of(new HttpHostConnectException(
                        new ConnectException("Connection refused"), new HttpHost("localhost", 30080))))
                .isEqualTo(Request.Outcome.REFUSED);
        assertThat(Request.Outcome.of(new ConnectTimeoutException("connect timed out")))
                .isEqualTo(Request.Outcome.CONNECT_TIMEOUT);
        assertThat(Request.Outcome.of(new SocketTimeoutException("Read timed out")))
                .isEqualTo(Request.Outcome.TIMEOUT);
        assertThat(Request.Outcome.of(new NoHttpResponseException("localhost:30080 failed to respond")))
                .isEqualTo(Request.Outcome.CLOSED);
        assertThat(Request.Outcome.of(new SocketException("Connection reset"))).isEqualTo(Request.Outcome.RESET);
        assertThat(Request.Outcome.of(new IllegalStateException("pool shut down")))
                .isEqualTo("IllegalStateException: pool shut down");
        assertThat(Request.Outcome.ofStatus(201)).isEqualTo(Request.Outcome.OK);
        assertThat(Request.Outcome.ofStatus(503)).isEqualTo("http 503");
    }

    @Test
    void aRecordingAcknowledgesTheWritesAnswered2xxOnly() {
        Traffic.Recording recording = new Traffic.Recording(
                START,
                at(1000),
                List.of(
                        Request.write(at(0), 5, Request.Outcome.OK, 0),
                        Request.write(at(250), 5, "http 500", 1),
                        Request.read(at(500), 5, Request.Outcome.OK),
                        Request.write(at(750), 5, Request.Outcome.OK, 2)));

        assertThat(recording.acknowledged()).containsExactly(0L, 2L);
        assertThat(recording.figures("through a NodePort Service").route()).isEqualTo("through a NodePort Service");
    }
}
