/**
 * The implementation of the {@code gateway-doctor} command line: picocli commands, option parsing
 * ({@linkplain org.gatewaydoctor.cli.internal.DurationParser durations},
 * {@linkplain org.gatewaydoctor.cli.internal.TimeWindow time windows}, URLs, zones), the text and
 * Nagios renderers of a diagnosis, the text and {@linkplain org.gatewaydoctor.cli.internal.ScanJson JSON}
 * forms of a log scan, standard input for {@code --logs -}, the progress line and the bundled example
 * incident.
 *
 * <p>Not API: everything here may change in any release. Use
 * {@link org.gatewaydoctor.cli.Main#run(String[], java.io.PrintStream, java.io.PrintStream)} or the
 * library ({@link org.gatewaydoctor.GatewayDoctor}) instead.
 */
package org.gatewaydoctor.cli.internal;
