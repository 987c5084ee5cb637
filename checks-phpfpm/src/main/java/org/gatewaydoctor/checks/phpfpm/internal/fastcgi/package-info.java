/**
 * A small FastCGI client for asking PHP-FPM its own pages ({@code ping.path}, {@code pm.status_path}), and the
 * readers of what it answers.
 *
 * <p>{@link FastCgiClient} speaks the FastCGI responder role (one request, {@code BEGIN_REQUEST},
 * {@code PARAMS}, an empty {@code STDIN}; then {@code STDOUT}, {@code STDERR} and {@code END_REQUEST}) over a
 * unix socket or TCP, on a non-blocking channel whose every connect, write and read is bounded by one absolute
 * deadline, with bounded output. Whatever the peer does (stall, send garbage, stream without end, hang up,
 * answer in HTTP) the call returns a typed {@link FcgiResult} by the deadline and never throws. It writes
 * nothing but the request.
 *
 * <p>{@link FpmProbe} calls the ping and status pages; {@link FpmStatusParser} reads
 * {@code ?json&full}; {@link StatusDelta} turns two snapshots' cumulative counters into what happened in
 * between.
 *
 * <p>Not API: anything here may change without notice.
 */
package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;
