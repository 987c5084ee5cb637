/**
 * Typed facts that one check module publishes and another reads, so the layers of a stack can be
 * cross-checked without the modules knowing each other: the web servers' proxy routes
 * ({@link org.gatewaydoctor.facts.Facts#WEB_SERVERS}) and the PHP-FPM pools
 * ({@link org.gatewaydoctor.facts.Facts#FPM_POOLS}).
 *
 * <p>A check that reads a fact names the publishing check in
 * {@link org.gatewaydoctor.spi.Check#runsAfter()}; when that check is absent the fact is simply missing.
 */
package org.gatewaydoctor.facts;
