/**
 * The signatures this module contributes to the log catalogue (PHP-FPM's in
 * {@link org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider}), registered in
 * {@code META-INF/services/org.gatewaydoctor.logs.SignatureProvider}. The providers are public because
 * {@link java.util.ServiceLoader} instantiates them; their signature ids and fields are what users see
 * in {@code gateway-doctor scan}, the rest is internal and may change without notice.
 */
package org.gatewaydoctor.checks.phpfpm.internal.signatures;
