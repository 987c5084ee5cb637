/**
 * The one isolated Jackson mapper behind DiagnosisJson.
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.json;
