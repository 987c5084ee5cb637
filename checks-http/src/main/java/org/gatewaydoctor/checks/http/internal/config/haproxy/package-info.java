/**
 * A parser for HAProxy's configuration ({@link org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser}
 * → {@link org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig}): the {@code global},
 * {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections, each proxy with what it
 * inherits from the {@code defaults} section before it (or the one named by {@code from}), its
 * {@code mode}, its timeouts in HAProxy's units ({@code us}, {@code ms} (the default), {@code s}, {@code m},
 * {@code h}, {@code d}), its {@code server}s ({@code default-server} applied) and where its frontends send
 * requests ({@code default_backend}, {@code use_backend}).
 *
 * <p>Like the nginx and Apache parsers it never throws on what it reads: problems HAProxy itself would
 * refuse ({@code haproxy -c}) are {@link org.gatewaydoctor.checks.http.internal.config.ConfigProblem}s at
 * {@code file:line}, worded as HAProxy words them, and the rest of the file is kept.
 *
 * <p>Not API.
 */
package org.gatewaydoctor.checks.http.internal.config.haproxy;
