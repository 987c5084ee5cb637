/**
 * Log intelligence: the {@link org.gatewaydoctor.logs.Signature signatures} of known 502-class
 * failures, their {@link org.gatewaydoctor.logs.SignatureCatalog catalogue}, and the
 * {@link org.gatewaydoctor.logs.LogScanner scanner} that finds them in gigabytes of logs at memory
 * speed and aggregates counts, samples, per-minute histograms, extracted fields and an incident
 * timeline. Check modules contribute signatures through
 * {@link org.gatewaydoctor.logs.SignatureProvider} and read the shared scan through
 * {@link org.gatewaydoctor.spi.CheckContext#logScan()}.
 */
package org.gatewaydoctor.logs;
