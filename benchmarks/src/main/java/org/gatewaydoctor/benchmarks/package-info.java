/**
 * JMH benchmarks of the hot log-pattern matching path, run side by side with baselines. The
 * benchmarks arrive with the log-intelligence issue.
 */
package org.gatewaydoctor.benchmarks;
