/**
 * The signatures this module contributes to the log catalogue: PHP's error log and WordPress's
 * {@code debug.log} ({@link org.gatewaydoctor.checks.wordpress.internal.signatures.PhpErrorSignatureProvider})
 * and the MariaDB/MySQL server error log
 * ({@link org.gatewaydoctor.checks.wordpress.internal.signatures.MysqlSignatureProvider}), registered in
 * {@code META-INF/services/org.gatewaydoctor.logs.SignatureProvider}. The providers are public because
 * {@link java.util.ServiceLoader} instantiates them; their signature ids and fields are what users see
 * in {@code gateway-doctor scan}, the rest is internal and may change without notice.
 */
package org.gatewaydoctor.checks.wordpress.internal.signatures;
