/**
 * Root-cause ranking and diagnosis assembly; the rules live in Rules.
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.ranking;
