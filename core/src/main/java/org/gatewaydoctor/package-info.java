/**
 * gateway-doctor's public API: build a {@link org.gatewaydoctor.GatewayDoctor}, give it a
 * {@link org.gatewaydoctor.model.Target}, get a {@link org.gatewaydoctor.model.Diagnosis}.
 *
 * <pre>{@code
 * Diagnosis d = GatewayDoctor.builder().build()
 *     .diagnose(Target.builder().url("https://example.org/").logs(Path.of("/var/log/nginx")).build());
 * d.topCause().ifPresent(c -> System.out.println(c.code() + ": " + c.summary()));
 * }</pre>
 *
 * <p>Packages: {@code org.gatewaydoctor.model} (the diagnosis values), {@code org.gatewaydoctor.spi}
 * (what check modules implement), {@code org.gatewaydoctor.json} (the JSON contract). Everything under
 * {@code org.gatewaydoctor.internal} may change without notice.
 */
package org.gatewaydoctor;
