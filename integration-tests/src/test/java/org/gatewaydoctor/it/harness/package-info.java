/**
 * The harness for whole-stack tests: real servers from Debian packages started in a temporary
 * folder on 127.0.0.1 high ports and unix sockets ({@link org.gatewaydoctor.it.harness.Stack},
 * {@link org.gatewaydoctor.it.harness.Server}), HTTP requests to them
 * ({@link org.gatewaydoctor.it.harness.Http}), diagnoses offline and live
 * ({@link org.gatewaydoctor.it.harness.Diagnose}), and the fault table every test adds a row to
 * ({@link org.gatewaydoctor.it.harness.FaultTable}).
 */
package org.gatewaydoctor.it.harness;
