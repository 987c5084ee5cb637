/**
 * Who wrote an error page: the fingerprint catalogue of CDN, load-balancer, proxy and application error
 * pages, and the classifier that attributes a response to the hop that wrote it.
 *
 * <ul>
 *   <li>{@link org.gatewaydoctor.checks.http.edge.ErrorPageClassifier} classifies a response (received
 *       live, or saved: {@link org.gatewaydoctor.checks.http.edge.CapturedResponse#parse(String)} accepts
 *       {@code curl -si} captures, headers alone, bodies alone and text a browser displayed) and returns an
 *       {@link org.gatewaydoctor.checks.http.edge.Attribution}: an
 *       {@link org.gatewaydoctor.model.ErrorSource} (vendor, hop, status, confidence, markers, relaying
 *       hop, support reference), what the vendor's status means, the next steps and the cause code.</li>
 *   <li>{@link org.gatewaydoctor.checks.http.edge.Attribution#finding(java.time.Instant)} turns it into a
 *       finding whose {@code error_page} evidence makes the diagnosis report the {@code errorSource}.</li>
 *   <li>{@link org.gatewaydoctor.checks.http.edge.ErrorPageCheck} ({@code http.error-page}) classifies the
 *       response saved in the file the target's {@code response} option names
 *       ({@code gateway-doctor diagnose --response FILE}).</li>
 *   <li>The catalogue is data ({@link org.gatewaydoctor.checks.http.edge.Fingerprint}); third parties add
 *       entries with a {@link org.gatewaydoctor.checks.http.edge.FingerprintProvider} or a
 *       {@code META-INF/gateway-doctor/fingerprints.json}.</li>
 * </ul>
 */
package org.gatewaydoctor.checks.http.edge;
