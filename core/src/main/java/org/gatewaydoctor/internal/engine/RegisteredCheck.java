package org.gatewaydoctor.internal.engine;

import java.util.List;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.spi.Check;

/** A check together with what it said about itself, read once at registration. */
public record RegisteredCheck(Check check, CheckInfo info) {
    public String id() {
        return info.id();
    }

    public List<String> dependsOn() {
        return info.dependsOn();
    }

    public List<String> runsAfter() {
        return info.runsAfter();
    }
}
