package org.gatewaydoctor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a measured value reads in the text and HTML reports. */
class MeasurementDescribeTest {

    @Test
    void oneOfAPluralWordUnitReadsSingular() {
        assertEquals("refused connections = 1 line", new Evidence.Measurement("refused connections", 1, "lines").describe());
        assertEquals("busy = 1 worker", new Evidence.Measurement("busy", 1, "workers").describe());
    }

    @Test
    void otherCountsAndAbbreviationsStayAsGiven() {
        assertEquals("refused connections = 2 lines", new Evidence.Measurement("refused connections", 2, "lines").describe());
        assertEquals("wait = 1 ms", new Evidence.Measurement("wait", 1, "ms").describe());
        assertEquals("wait = 1 s", new Evidence.Measurement("wait", 1, "s").describe());
        assertEquals("queue = 1 MiB", new Evidence.Measurement("queue", 1, "MiB").describe());
        assertEquals("reads = 1 pass", new Evidence.Measurement("reads", 1, "pass").describe());
        assertEquals("load = 1.5 requests", new Evidence.Measurement("load", 1.5, "requests").describe());
        assertEquals("load = 0", new Evidence.Measurement("load", 0, "").describe());
    }
}
