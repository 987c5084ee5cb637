/**
 * The engine: discovery (each provider in its own try), planning (filters, missing dependencies, cycles) and the deadline-enforcing parallel runner.
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.engine;
