/**
 * An example third-party gateway-doctor check module: {@link com.example.gatewaydoctor.disk.DiskSpaceCheck}
 * reports file systems that run out of space under the site's logs and {@code /tmp}.
 *
 * <p>A check module is a jar with {@code Check} implementations listed in
 * {@code META-INF/services/org.gatewaydoctor.spi.Check}; put it on the class path next to
 * gateway-doctor and the check runs with the others:
 *
 * <pre>
 * java -cp gateway-doctor.jar:sample-check.jar org.gatewaydoctor.cli.Main checks
 * </pre>
 */
package com.example.gatewaydoctor.disk;
