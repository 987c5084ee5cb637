/** Web server, proxy, edge, TLS and probe checks (nginx, Apache, HAProxy, LiteSpeed, Caddy, CDNs). */
module org.gatewaydoctor.checks.http {
    requires transitive org.gatewaydoctor;

    exports org.gatewaydoctor.checks.http;
    exports org.gatewaydoctor.checks.http.edge;
    exports org.gatewaydoctor.checks.http.probe;
    exports org.gatewaydoctor.checks.http.tls;

    uses org.gatewaydoctor.checks.http.edge.FingerprintProvider;
    uses org.gatewaydoctor.spi.NameResolver;

    provides org.gatewaydoctor.spi.Check with
            org.gatewaydoctor.checks.http.NginxErrorLogCheck,
            org.gatewaydoctor.checks.http.HttpProbeCheck,
            org.gatewaydoctor.checks.http.ProxyConfigCheck,
            org.gatewaydoctor.checks.http.ApacheErrorLogCheck,
            org.gatewaydoctor.checks.http.HaproxyLogCheck,
            org.gatewaydoctor.checks.http.edge.ErrorPageCheck,
            org.gatewaydoctor.checks.http.LiteSpeedErrorLogCheck,
            org.gatewaydoctor.checks.http.tls.TlsCheck,
            org.gatewaydoctor.checks.http.probe.EdgeOriginCheck,
            org.gatewaydoctor.checks.http.probe.DynamicPageCheck,
            org.gatewaydoctor.checks.http.probe.SamplesCheck,
            org.gatewaydoctor.checks.http.CaddyErrorLogCheck;
    provides org.gatewaydoctor.logs.SignatureProvider with
            org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider,
            org.gatewaydoctor.checks.http.internal.signatures.ApacheSignatureProvider,
            org.gatewaydoctor.checks.http.internal.signatures.HaproxySignatureProvider,
            org.gatewaydoctor.checks.http.internal.signatures.LiteSpeedSignatureProvider,
            org.gatewaydoctor.checks.http.internal.signatures.CaddySignatureProvider;
    provides org.gatewaydoctor.spi.LogLocator with
            org.gatewaydoctor.checks.http.internal.HttpLogLocator;
}
