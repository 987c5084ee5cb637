/**
 * The JSON contract of a diagnosis: {@link org.gatewaydoctor.json.DiagnosisJson} writes and reads it and
 * ships its JSON Schema. The shape carries a {@code schemaVersion}; golden-file tests pin it.
 */
package org.gatewaydoctor.json;
