package org.gatewaydoctor.checks.http.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.facts.Listener;
import org.gatewaydoctor.facts.Listeners;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;

/**
 * What the probe's own connection says about the site's DNS, as findings under the same {@code dns.*} codes as
 * the DNS checks' (the ranking merges findings of one code), so that the top {@code dns.*} cause shows both what
 * DNS answers and what the visitor's connection did: the name did not resolve (with the resolver's answer), or the
 * connection was refused at an address where none of this machine's web servers listens while they serve the
 * name on another.
 */
public final class ProbeDns {

    private ProbeDns() {
    }

    /**
     * The probe's request never started because the diagnosis's resolver gave a definite failure for the site's
     * name; empty when the name resolved or no {@link NameResolver} answered.
     */
    public static Optional<Finding> unresolved(URI url, Optional<NameResolver.Answer> answer, List<Evidence> probes) {
        if (answer.isEmpty() || answer.get().resolved()) {
            return Optional.empty();
        }
        NameResolver.Answer a = answer.get();
        CauseCode code = switch (a.status()) {
            case NXDOMAIN -> CauseCode.DNS_NXDOMAIN;
            case NO_ADDRESS -> CauseCode.DNS_NO_ADDRESS;
            case DANGLING_CNAME -> CauseCode.DNS_DANGLING_CNAME;
            case TIMEOUT -> CauseCode.DNS_TIMEOUT;
            case SERVFAIL, REFUSED -> CauseCode.DNS_SERVFAIL;
            case ERROR, RESOLVED -> null;
        };
        if (code == null) {
            return Optional.empty(); // nothing could be asked: that says nothing about the name
        }
        return Optional.of(Finding.cause(code, Layer.DNS, Severity.CRITICAL, 0.6,
                        "The visitor's request to " + url.getHost() + " never started: the name does not resolve ("
                                + a.describe() + "), so no connection was made")
                .evidence(probes)
                .remediation("Fix the name's records at its DNS provider (an A and/or AAAA record, or a CNAME to "
                        + "the CDN, must exist and answer)")
                .confirmWith("dig " + url.getHost() + " A and AAAA shows the same answer")
                .build());
    }

    /**
     * The probe was refused at an address of the site's name where none of the web servers of {@code target}'s
     * configurations listens on the URL's port, while one of them serves the name on that port elsewhere: the
     * name leads to the wrong door. Empty otherwise (a server that is down where it should listen is
     * {@code proxy.down}, not DNS).
     */
    public static Optional<Finding> refusedElsewhere(Target target, URI url, HttpProber.Failure f,
                                                     Optional<NameResolver.Answer> answer, List<Evidence> probes) {
        if (f.kind() != HttpProber.Kind.REFUSED || f.address().isEmpty() || target.configs().isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> refused = ip(f.address());
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        Listeners listeners;
        try {
            listeners = new Listeners(ProxyStack.read(target).listeners());
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable configurations: http.proxy-config says why
        }
        List<Listener> serving = listeners.serving(url.getHost(), port);
        if (serving.isEmpty() || listeners.accept(refused.get(), port)) {
            return Optional.empty();
        }
        Listener s = serving.get(0);
        String served = serving.stream().map(l -> l.address().toString()).distinct().limit(4)
                .collect(Collectors.joining(", "));
        String how = answer.map(a -> " (" + a.describe() + ")").orElse("");
        return Optional.of(Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS, Severity.CRITICAL, 0.6,
                        "The visitor's connection went where " + url.getHost() + " resolves, " + f.address() + how
                                + ", and was refused; this machine serves " + url.getHost() + " on " + served + " ("
                                + software(s.kind()) + ", " + s.location() + ")")
                .evidence(probes)
                .evidence(new Evidence.ConfigLine(s.file(), s.line(), s.kind() == WebServer.Kind.NGINX ? "listen"
                        : s.kind() == WebServer.Kind.APACHE ? "Listen" : "bind", s.address().toString()))
                .remediation("Point the A/AAAA records of " + url.getHost() + " at the address the site is served on ("
                        + served + ")")
                .build());
    }

    private static Optional<InetAddress> ip(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : address;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!(host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return Optional.empty(); // only literals: never a lookup here
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String software(WebServer.Kind kind) {
        return switch (kind) {
            case NGINX -> "nginx";
            case APACHE -> "Apache";
            case HAPROXY -> "HAProxy";
        };
    }
}
