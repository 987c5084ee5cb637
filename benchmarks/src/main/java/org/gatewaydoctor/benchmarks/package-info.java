/**
 * JMH benchmarks of the hot log-matching path, run side by side with baselines: a seeded generator
 * of realistic nginx error logs ({@link org.gatewaydoctor.benchmarks.NginxErrorLogGenerator}), signature
 * sets of 10 to 1,000 ({@link org.gatewaydoctor.benchmarks.BenchmarkSignatures}), the regex baselines
 * ({@link org.gatewaydoctor.benchmarks.RegexBaseline}), the benchmarks themselves and
 * {@link org.gatewaydoctor.benchmarks.BenchmarkReport}, the one command that runs them and prints the
 * table ({@code java -jar benchmarks/target/benchmarks.jar}). See {@code benchmarks/README.md}.
 */
package org.gatewaydoctor.benchmarks;
