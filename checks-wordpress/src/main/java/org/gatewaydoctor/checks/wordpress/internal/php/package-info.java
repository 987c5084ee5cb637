/**
 * Reading PHP without running it: a bounded lexer, the {@code wp-config.php} reader built on it, and a bounded
 * reader of PHP's {@code serialize()} format that survives lying lengths. Not API.
 */
package org.gatewaydoctor.checks.wordpress.internal.php;
