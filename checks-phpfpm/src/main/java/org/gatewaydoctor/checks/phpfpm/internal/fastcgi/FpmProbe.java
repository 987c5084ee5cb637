package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Asks a PHP-FPM pool its own pages over FastCGI: {@code ping.path} and {@code pm.status_path}
 * ({@code ?json&full}). Both are answered by the worker that accepts the connection, before any script, so an
 * answer proves a worker was free; no answer within the deadline is itself evidence (all workers busy, a full
 * queue).
 *
 * <pre>{@code
 * FpmProbe probe = new FpmProbe(FastCgiClient.standard(), ctx.clock());
 * FpmProbe.StatusResult s1 = probe.status(endpoint, "/status", ctx.timeLeft());
 * // ... later ...
 * FpmProbe.StatusResult s2 = probe.status(endpoint, "/status", ctx.timeLeft());
 * if (s1 instanceof FpmProbe.Snapshot a && s2 instanceof FpmProbe.Snapshot b) {
 *     StatusDelta d = StatusDelta.between(a.status(), b.status());
 * }
 * }</pre>
 */
public final class FpmProbe {

    private final FastCgiClient client;
    private final Clock clock;

    public FpmProbe(FastCgiClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a ping found. */
    public sealed interface PingResult {
    }

    /** The pool answered 200 with the expected response. */
    public record Pong(FcgiResult.Response response) implements PingResult {
        public Pong {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The pool answered, but not with the ping response: wrong path (PHP-FPM then looks for a script: 404
     * "File not found." or 403 "Access denied."), or another application on the socket.
     */
    public record WrongAnswer(FcgiResult.Response response, String why) implements PingResult, StatusResult {
        public WrongAnswer {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(why, "why");
        }
    }

    /** No usable FastCGI answer: the call's result says why (refused, no socket, timeout, garbage, ...). */
    public record NoAnswer(FcgiResult result) implements PingResult, StatusResult {
        public NoAnswer {
            Objects.requireNonNull(result, "result");
            if (result instanceof FcgiResult.Response) {
                throw new IllegalArgumentException("a response is an answer");
            }
        }
    }

    /** What a status call found. */
    public sealed interface StatusResult {
    }

    /** The status page, read. */
    public record Snapshot(FpmStatus status, FcgiResult.Response response) implements StatusResult {
        public Snapshot {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Calls {@code ping.path}.
     *
     * @param expected {@code ping.response} ("pong" by default)
     */
    public PingResult ping(FcgiEndpoint endpoint, String pingPath, String expected, Duration timeLeft) {
        FcgiResult r = client.call(endpoint, FcgiRequest.get(pingPath, ""), timeLeft);
        if (!(r instanceof FcgiResult.Response response)) {
            return new NoAnswer(r);
        }
        if (response.status() != 200) {
            return new WrongAnswer(response, "status " + response.status() + " instead of 200" + firstLine(response));
        }
        if (!response.body().strip().equals(expected.strip())) {
            return new WrongAnswer(response, "answered '" + clip(response.body()) + "' instead of '" + expected + "'");
        }
        return new Pong(response);
    }

    /** Calls {@code pm.status_path?json&full} and reads it. */
    public StatusResult status(FcgiEndpoint endpoint, String statusPath, Duration timeLeft) {
        FcgiResult r = client.call(endpoint, FcgiRequest.get(statusPath, "json&full"), timeLeft);
        if (!(r instanceof FcgiResult.Response response)) {
            return new NoAnswer(r);
        }
        if (response.status() != 200) {
            return new WrongAnswer(response, "status " + response.status() + " instead of 200" + firstLine(response));
        }
        FpmStatusParser.Parsed parsed = FpmStatusParser.parse(response.body(), clock.instant());
        if (parsed instanceof FpmStatusParser.Ok ok) {
            return new Snapshot(ok.status(), response);
        }
        return new WrongAnswer(response, ((FpmStatusParser.Invalid) parsed).why());
    }

    private static String firstLine(FcgiResult.Response r) {
        String b = r.body().strip();
        return b.isEmpty() ? "" : ": " + clip(b);
    }

    private static String clip(String s) {
        String one = s.strip().replace('\n', ' ').replace('\r', ' ');
        return one.length() > 80 ? one.substring(0, 80) + "..." : one;
    }
}
