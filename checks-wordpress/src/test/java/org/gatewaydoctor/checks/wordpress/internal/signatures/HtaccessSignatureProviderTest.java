package org.gatewaydoctor.checks.wordpress.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.count;
import static org.gatewaydoctor.testkit.SignatureTester.scan;
import static org.gatewaydoctor.testkit.SignatureTester.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/** Against what Apache 2.4 (Debian 12) wrote for broken .htaccess files (fixtures/apache, see its README). */
class HtaccessSignatureProviderTest {

    static final List<Signature> SIGNATURES = new HtaccessSignatureProvider().signatures();

    @Test
    void everyUnreadableHtaccessAndEveryInternalLoopIsFound() throws Exception {
        LogScan scan = scan(SIGNATURES, "apache/htaccess-error.log");
        assertEquals(7, count(scan, HtaccessSignatureProvider.UNREADABLE));
        assertEquals(2, count(scan, HtaccessSignatureProvider.LOOP));
        assertEquals(Set.of("10"), values(scan, HtaccessSignatureProvider.LOOP, "limit"));
        assertEquals(Set.of("Expected </IfModule> before end of configuration",
                        "</IfModule> without matching <IfModule> section",
                        "</Directory> without matching <Directory> section",
                        "Invalid command 'BogusDirective', perhaps misspelled or defined by a module not included in the server configuration",
                        "/var/www/html/h/.htaccess:1: <Files> was not closed."),
                values(scan, HtaccessSignatureProvider.UNREADABLE, "message"));
        assertEquals(Set.of("/var/www/html/c/.htaccess", "/var/www/html/a2/.htaccess", "/var/www/html/a3/.htaccess",
                        "/var/www/html/a4/.htaccess", "/var/www/html/a5/.htaccess", "/var/www/html/f/.htaccess",
                        "/var/www/html/h/.htaccess"),
                values(scan, HtaccessSignatureProvider.UNREADABLE, "file"));
    }
}
