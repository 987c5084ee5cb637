/**
 * Internals of the WordPress checks: locating the site ({@link org.gatewaydoctor.checks.wordpress.internal.WpSite}),
 * the debug.log locator, the bounded walk of its code, change times and the plugin-bisection plan. Not API.
 */
package org.gatewaydoctor.checks.wordpress.internal;
