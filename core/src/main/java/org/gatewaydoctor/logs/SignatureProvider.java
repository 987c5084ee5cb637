package org.gatewaydoctor.logs;

import java.util.List;

/**
 * Contributes signatures to the catalogue. Check modules implement it and list the class in
 * {@code META-INF/services/org.gatewaydoctor.logs.SignatureProvider}; the catalogue finds them with
 * {@link java.util.ServiceLoader}. Signatures can also ship as data without code: a JSON file at
 * {@code META-INF/gateway-doctor/signatures.json} in any jar (see {@link SignatureCatalog}).
 */
@FunctionalInterface
public interface SignatureProvider {
    /** The signatures, each with a unique id. */
    List<Signature> signatures();
}
