package com.example.gatewaydoctor.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/** Having the jar on the class path is all it takes: ServiceLoader adds the check. */
class DiscoveryTest {

    @Test
    void serviceLoaderDiscoveryAddsTheCheckWhenTheJarIsOnTheClassPath() {
        GatewayDoctor doctor = GatewayDoctor.builder().build();
        List<CheckInfo> found = doctor.checks().stream().filter(c -> c.id().equals(DiskSpaceCheck.ID)).toList();
        assertEquals(1, found.size(), () -> "checks found: " + doctor.checks());
        CheckInfo info = found.get(0);
        assertEquals(DiskSpaceCheck.class.getName(), info.className());
        assertEquals(Layer.HOST, info.layer());
        assertEquals("Free disk space where the logs and /tmp live", info.title());
        assertTrue(doctor.discoveryIssues().isEmpty(), () -> doctor.discoveryIssues().toString());
    }

    @Test
    void isLeftOutWhenDiscoveryIsOff() {
        assertTrue(GatewayDoctor.builder().discover(false).build().checks().isEmpty());
    }
}
