/**
 * Log line formats: which software wrote a line (judged by its content, never by the file name) and
 * when, see {@link org.gatewaydoctor.internal.logs.format.LineFormats}. Internal: may change without
 * notice.
 */
package org.gatewaydoctor.internal.logs.format;
