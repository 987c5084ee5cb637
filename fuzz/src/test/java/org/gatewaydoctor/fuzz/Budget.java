package org.gatewaydoctor.fuzz;

/**
 * How long each fuzz test fuzzes in the build ({@code mvn verify}). Eight targets at this budget, each in
 * a JVM of its own, keep the fuzzing part of the build to about four minutes on two cores. Longer
 * campaigns run outside the build: see {@code fuzz/README.md}.
 */
public final class Budget {

    /** The fuzzing time per target in the build, in Jazzer's duration syntax. */
    public static final String PER_TARGET = "20s";

    private Budget() {
    }
}
