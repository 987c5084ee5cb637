package org.gatewaydoctor.checks.http.edge;

import java.util.List;

/**
 * Contributes entries to the error-page catalogue. Implement it, list the class in
 * {@code META-INF/services/org.gatewaydoctor.checks.http.edge.FingerprintProvider}, and
 * {@link ErrorPageClassifier#standard()} finds it with {@link java.util.ServiceLoader}. Entries can also
 * ship as data without code: a {@code META-INF/gateway-doctor/fingerprints.json} in any jar, in the form
 * of the built-in catalogue (see {@link ErrorPageClassifier}).
 *
 * <pre>{@code
 * public final class AcmeCdnFingerprints implements FingerprintProvider {
 *     public List<Fingerprint> fingerprints() {
 *         return List.of(new Fingerprint("acme.502", Fingerprint.Kind.PAGE, "acme-cdn", ErrorSource.Hop.EDGE,
 *                 List.of(502), List.of(Fingerprint.Marker.header("x-acme-pop")),
 *                 List.of(), List.of(Fingerprint.Marker.text("Acme CDN could not reach your server")), 0, null,
 *                 0.9, "edge.origin_unreachable", "Acme CDN 502", "Acme's edge could not connect to the origin.",
 *                 List.of("Allow Acme's address ranges through the origin's firewall."),
 *                 "https://docs.acme.example/errors#502"));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface FingerprintProvider {
    /** The entries, each with a unique id. */
    List<Fingerprint> fingerprints();
}
