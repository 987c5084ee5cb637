/** PHP-FPM checks: its log, configuration, sockets, status page, processes and wiring to the web server. */
module org.gatewaydoctor.checks.phpfpm {
    requires transitive org.gatewaydoctor;

    exports org.gatewaydoctor.checks.phpfpm;

    provides org.gatewaydoctor.spi.Check with
            org.gatewaydoctor.checks.phpfpm.PhpFpmLogCheck,
            org.gatewaydoctor.checks.phpfpm.FpmConfigCheck,
            org.gatewaydoctor.checks.phpfpm.FpmSocketCheck,
            org.gatewaydoctor.checks.phpfpm.FpmStatusCheck,
            org.gatewaydoctor.checks.phpfpm.FpmProcessCheck,
            org.gatewaydoctor.checks.phpfpm.FpmWiringCheck;
    provides org.gatewaydoctor.logs.SignatureProvider with
            org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider,
            org.gatewaydoctor.checks.phpfpm.internal.signatures.KernelSignatureProvider;
    provides org.gatewaydoctor.spi.LogLocator with
            org.gatewaydoctor.checks.phpfpm.internal.FpmLogLocator;
}
