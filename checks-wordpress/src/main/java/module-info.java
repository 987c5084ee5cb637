/** WordPress checks: wp-config.php, the database it names, PHP's error log, the site's files, .htaccess, recent changes, the slow query log, WordPress's own pages. */
module org.gatewaydoctor.checks.wordpress {
    requires transitive org.gatewaydoctor;
    requires java.sql;

    exports org.gatewaydoctor.checks.wordpress;

    provides org.gatewaydoctor.spi.Check with
            org.gatewaydoctor.checks.wordpress.WpConfigCheck,
            org.gatewaydoctor.checks.wordpress.DatabaseCheck,
            org.gatewaydoctor.checks.wordpress.PhpErrorLogCheck,
            org.gatewaydoctor.checks.wordpress.SiteFilesCheck,
            org.gatewaydoctor.checks.wordpress.HtaccessCheck,
            org.gatewaydoctor.checks.wordpress.ChangesCheck,
            org.gatewaydoctor.checks.wordpress.SlowQueryCheck,
            org.gatewaydoctor.checks.wordpress.PageCheck;
    provides org.gatewaydoctor.logs.SignatureProvider with
            org.gatewaydoctor.checks.wordpress.internal.signatures.PhpErrorSignatureProvider,
            org.gatewaydoctor.checks.wordpress.internal.signatures.MysqlSignatureProvider,
            org.gatewaydoctor.checks.wordpress.internal.signatures.HtaccessSignatureProvider,
            org.gatewaydoctor.checks.wordpress.internal.signatures.ChangeSignatureProvider,
            org.gatewaydoctor.checks.wordpress.internal.signatures.SlowQuerySignatureProvider;
    provides org.gatewaydoctor.spi.LogLocator with
            org.gatewaydoctor.checks.wordpress.internal.WordPressLogLocator;
}
