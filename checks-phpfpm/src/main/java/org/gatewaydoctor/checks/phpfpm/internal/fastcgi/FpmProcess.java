package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One worker in the full status page ({@code ?json&full}).
 *
 * @param pid the worker's process id
 * @param state "Idle", "Running", "Reading headers", "Ending", "Finishing", ...
 * @param startTime when the worker started
 * @param startSince seconds since then
 * @param requests requests it has served
 * @param requestDuration how long its current (or last) request has taken
 * @param requestMethod its current (or last) request's method
 * @param requestUri its current (or last) request's URI, query string included
 * @param contentLength the request body's length
 * @param user the HTTP user, or "-"
 * @param script the script, or "-"
 * @param lastRequestCpu the last request's CPU use in percent (0 while running)
 * @param lastRequestMemory the last request's peak memory in bytes (0 while running)
 */
public record FpmProcess(long pid, String state, Instant startTime, long startSince, long requests,
        Duration requestDuration, String requestMethod, String requestUri, long contentLength, String user,
        String script, double lastRequestCpu, long lastRequestMemory) {

    public FpmProcess {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(requestDuration, "requestDuration");
        Objects.requireNonNull(requestMethod, "requestMethod");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(script, "script");
    }

    /** Whether the worker is busy with a request (any state but Idle). */
    public boolean busy() {
        return !state.equalsIgnoreCase("Idle");
    }

    /** Whether the worker is executing a script ("Running"). */
    public boolean running() {
        return state.equalsIgnoreCase("Running");
    }
}
