package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Picks findings out of a {@link CheckResult} in unit tests that call a check's {@code run} directly.
 *
 * <pre>{@code
 * CheckResult r = new MyCheck().run(TestCheckContext.builder().logs(log).build());
 * Finding f = CheckResults.find(r, CauseCode.PHPFPM_POOL_EXHAUSTED);
 * }</pre>
 */
public final class CheckResults {

    private CheckResults() {
    }

    /** The one finding of {@code result}; fails if there are none or several. */
    public static Finding only(CheckResult result) {
        assertEquals(1, result.findingList().size(), () -> "expected one finding: " + result);
        return result.findingList().get(0);
    }

    /** The finding with cause {@code code}; fails if there is none. */
    public static Finding find(CheckResult result, CauseCode code) {
        return result.findingList().stream().filter(f -> code.equals(f.cause())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + result));
    }
}
