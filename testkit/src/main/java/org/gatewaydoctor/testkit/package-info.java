/**
 * A test kit for authors of gateway-doctor checks.
 *
 * <p>Two ways to test a {@link org.gatewaydoctor.spi.Check}:
 * <ul>
 *   <li>{@link org.gatewaydoctor.testkit.CheckTester} runs it through the real engine
 *       ({@code GatewayDoctor.builder().discover(false).register(check)}), so its deadline, its
 *       isolation, the redaction and the JSON are exactly those users get, and offers the four
 *       assertions every check should pass: {@code assertDescribesItselfProperly()},
 *       {@code assertRespectsDeadline()}, {@code assertNoSecretsLeak(canaries...)} and
 *       {@code assertValidAgainstSchema()};</li>
 *   <li>{@link org.gatewaydoctor.testkit.TestCheckContext} is a {@link org.gatewaydoctor.spi.CheckContext}
 *       to call {@code check.run(context)} directly in a unit test, with the real log reader and
 *       redactor.</li>
 * </ul>
 * {@link org.gatewaydoctor.testkit.StallingServer} is a loopback server that accepts connections and
 * never answers, the input that proves a network check respects its deadline.
 * {@link org.gatewaydoctor.testkit.WordPressFiles} holds files WordPress writes itself (its {@code .htaccess}
 * block), as it writes them.
 *
 * <pre>{@code
 * class DiskSpaceCheckTest {
 *     @Test
 *     void behavesLikeAGoodCheck(@TempDir Path logs) {
 *         CheckTester tester = CheckTester.of(new DiskSpaceCheck()).withLogs(logs);
 *         tester.assertDescribesItselfProperly();
 *         tester.withUrl("https://admin:canary-7f3a@example.org/")
 *             .run()
 *             .assertCompleted()
 *             .assertNoSecretsLeak("canary-7f3a")
 *             .assertValidAgainstSchema();
 *     }
 * }
 * }</pre>
 *
 * <p>Add it with test scope: {@code org.gatewaydoctor:gateway-doctor-testkit}. It uses JUnit
 * Jupiter's assertion failures, so failures show up as ordinary test failures in any runner.
 */
package org.gatewaydoctor.testkit;
