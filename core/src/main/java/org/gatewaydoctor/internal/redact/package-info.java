/**
 * The built-in redactor: one hand-written, linear scanner per family of the taxonomy (URL user
 * info, names and their values in every syntax, PHP stack-trace arguments, key material,
 * registered values also escaped), whose ranges are merged and masked once. No regular expression
 * runs on the text. Internal: may change without notice.
 */
package org.gatewaydoctor.internal.redact;
