/**
 * Bounded, read-only log reading: byte-level line splitting, gzip, invalid UTF-8, deadlines.
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.logs;
