/**
 * The HTML form of a diagnosis ({@code diagnose --format html}) and of a log scan ({@code scan --format
 * html}): one self-contained page a support engineer can attach to a ticket. Everything is inline (CSS,
 * a little JavaScript, SVG charts), a Content-Security-Policy with hashes forbids any other script, style
 * or request, and the page is rendered on the server side, so it reads the same without JavaScript,
 * prints cleanly and follows the reader's light or dark preference.
 *
 * <p>The page is generated from the {@link org.gatewaydoctor.model.Diagnosis} alone (for a scan, from
 * the document {@code scan --format json} writes): it shows the same, already redacted, data as the JSON
 * contract, and every text from a log, a configuration or a probe is HTML-escaped with control
 * characters shown as {@code \x1b} and the like.
 */
package org.gatewaydoctor.cli.internal.html;
