/**
 * Logs as people actually have them: peels container, orchestrator and relay wrappers
 * ({@code docker compose}'s {@code name | }, the json-file driver's {@code {"log":...}}, CRI files,
 * {@code kubectl logs --timestamps}, tab-separated UI exports, {@code tag[pid]: }), strips pasting
 * decoration (markdown quotes, indentation, ANSI colours, line numbers, CR) and joins lines that a mail
 * client or a forum wrapped, so that the scanner classifies and matches the line the software wrote.
 * A self-contained stage: the scanner calls it only for lines it cannot classify as they are, so clean
 * files never reach it. Internal: may change without notice.
 */
package org.gatewaydoctor.internal.logs.unwrap;
