/**
 * The built-in redactor: secret patterns and registered secret values.
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.redact;
