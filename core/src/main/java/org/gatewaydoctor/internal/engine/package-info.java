/**
 * The engine: discovery (each provider in its own try), planning (filters, missing dependencies, cycles) and the deadline-enforcing parallel runner.
 * What the checks of one diagnosis share is made per diagnosis and dropped with it: the log scan ({@code SharedScan})
 * and the name answers ({@code NameAnswers}).
 * Internal: may change without notice.
 */
package org.gatewaydoctor.internal.engine;
