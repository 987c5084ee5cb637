package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When {@code diagnose} takes the configuration files given (without {@code --local}) as this machine's own. */
class ThisMachinesConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void serverConfigurationsUnderEtcAreThisMachines() {
        assertTrue(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, Path.of("/etc/php/8.2/fpm/php-fpm.conf"))));
        assertTrue(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, Path.of("/usr/local/etc/php-fpm.conf"),
                Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf"))));
        // the site's wp-config.php lives in its folder, wherever the server keeps it: it does not count
        assertTrue(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf"),
                Target.CONFIG_WORDPRESS, Path.of("/var/www/html/wp-config.php"))));
    }

    @Test
    void aCopyElsewhereOrNoServerConfigurationIsNot() throws Exception {
        Path copy = Files.writeString(dir.resolve("php-fpm.conf"), "[global]\n");
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, copy)));
        // one file elsewhere is enough: the others may have been copied with it
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf"),
                Target.CONFIG_PHP_FPM, copy)));
        assertFalse(DiagnoseCommand.thisMachines(Map.of()));
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_WORDPRESS, Path.of("/etc/wp-config.php"))));
        // a path that only spells /etc is resolved first
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, Path.of("/etc/../home/php-fpm.conf"))));
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, Path.of("/etcetera/php-fpm.conf"))));
    }

    @Test
    void aLinkFromEtcToACopyIsTheCopy() throws Exception {
        Path copy = Files.writeString(dir.resolve("php-fpm.conf"), "[global]\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), copy);
        assertFalse(DiagnoseCommand.thisMachines(Map.of(Target.CONFIG_PHP_FPM, link)));
    }
}
