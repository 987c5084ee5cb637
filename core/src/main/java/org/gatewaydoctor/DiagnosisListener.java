package org.gatewaydoctor;

import org.gatewaydoctor.model.CheckReport;

/**
 * Progress of a running diagnosis, for progress bars and metrics. Events arrive on one thread, in
 * order; a listener that throws is logged and otherwise ignored.
 */
public interface DiagnosisListener {

    /** A check was started. */
    default void checkStarted(CheckInfo check) {
    }

    /** A check ended: completed, errored, timed out or skipped. */
    default void checkFinished(CheckInfo check, CheckReport report) {
    }

    /** A listener that ignores everything. */
    DiagnosisListener NONE = new DiagnosisListener() {
    };
}
