/**
 * Implementation details of the PHP-FPM checks: the PHP-FPM part of the shared log scan and what its
 * fields say about who is to blame (plugin, theme, REST namespace, AJAX action, script), and the advice
 * for each cause. Not API: anything here may change without notice.
 */
package org.gatewaydoctor.checks.phpfpm.internal;
