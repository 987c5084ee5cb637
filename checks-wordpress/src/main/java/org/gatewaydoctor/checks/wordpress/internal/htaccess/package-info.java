/**
 * Reading a site's {@code .htaccess} as Apache does (sections, the WordPress block) and replaying its mod_rewrite
 * rules on sample paths to find loops. Internal to {@code checks-wordpress}.
 */
package org.gatewaydoctor.checks.wordpress.internal.htaccess;
