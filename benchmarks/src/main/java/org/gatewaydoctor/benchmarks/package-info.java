/**
 * JMH benchmarks of the hot log-matching path, run side by side with baselines: a seeded generator
 * of realistic nginx error logs ({@link org.gatewaydoctor.benchmarks.NginxErrorLogGenerator}), signature
 * sets of 10 to 1,000 ({@link org.gatewaydoctor.benchmarks.BenchmarkSignatures}), the regex baselines
 * ({@link org.gatewaydoctor.benchmarks.RegexBaseline}), the benchmarks themselves and
 * {@link org.gatewaydoctor.benchmarks.BenchmarkReport}, the one command that runs them and prints the
 * table ({@code java -jar benchmarks/target/benchmarks.jar}). For inputs real servers wrote,
 * {@link org.gatewaydoctor.benchmarks.RealLogLoad} drives the real nginx and PHP-FPM that
 * {@code benchmarks/real-logs.sh} starts, and {@link org.gatewaydoctor.benchmarks.RealLogCheck} checks the log
 * they wrote against what was sent. See {@code benchmarks/README.md}.
 */
package org.gatewaydoctor.benchmarks;
