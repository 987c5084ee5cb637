package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * HAProxy logging with its own {@code log-format} (not {@code option httplog}'s layout) → an HTTP server that
 * closes without answering: 502, state {@code SH--} inside a layout the catalogue's literals do not know. With
 * the configuration the layout is read and the cause named; without it the diagnosis says the states were not
 * read instead of calling HAProxy healthy.
 */
class HaproxyCustomLogFormatIT {

    static final String FORMAT = "log-format \"%ci [%t] %f %b/%s status=%ST state=%tsc time=%Ta bytes=%B %{+Q}r\"";

    @Test
    void readsTheStateOfACustomLogFormatThroughTheConfigurationAndSaysSoWithoutIt() {
        try (Stack stack = Stack.create("haproxy-custom-log-format");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"));
             RawBackend app = RawBackend.start()) {
            URI url = Haproxy.serverCloses(stack, syslog, app, FORMAT, " state=SH-- ").url();

            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack)));
            Diagnosis offline = Diagnose.offline(stack);
            Pattern line = Pattern.compile("fe app/app1 status=502 state=SH-- time=\\d+ bytes=209 ");
            assertAll(
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(live), Diagnose.explain(live)),
                    () -> assertTrue(line.matcher(Diagnose.explain(live).replace("\\/", "/")).find(),
                            Diagnose.explain(live)),
                    () -> assertNotEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(offline),
                            "without the configuration the layout is unknown: " + Diagnose.explain(offline)),
                    () -> assertTrue(Diagnose.explain(offline).contains("so their termination states were not read"),
                            Diagnose.explain(offline)));
        }
    }
}
