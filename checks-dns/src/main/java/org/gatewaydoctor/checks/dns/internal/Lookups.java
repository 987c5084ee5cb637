package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.gatewaydoctor.spi.NameResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves host names the way a stub resolver does, one name server at a time: A and AAAA with the RD flag,
 * following the CNAME chain (asking again for a target the server did not resolve itself, at most
 * {@link #MAX_CHAIN} links), and when a resolver answers SERVFAIL, once more with checking disabled (CD) to
 * tell a DNSSEC failure from the rest.
 */
public final class Lookups {

    /** The names RFC 8914 section 4 gives Extended DNS Error codes 0 to 24. */
    private static final List<String> EDE = List.of("Other Error", "Unsupported DNSKEY Algorithm",
            "Unsupported DS Digest Type", "Stale Answer", "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus",
            "Signature Expired", "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
            "NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered", "Prohibited",
            "Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported", "No Reachable Authority", "Network Error",
            "Invalid Data");

    /** The longest CNAME chain followed. */
    public static final int MAX_CHAIN = 8;

    private final DnsClient client;

    public Lookups(DnsClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The client used. */
    public DnsClient client() {
        return client;
    }

    /** The absolute DNS name of {@code host}. */
    public static Name name(String host) {
        try {
            return Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name: " + e.getMessage(), e);
        }
    }

    /**
     * The special-use names of RFC 6761 that no name server is asked about: {@code .invalid} never exists
     * (section 6.4) and {@code localhost} is the loopback address (section 6.3).
     */
    public static java.util.Optional<Resolution> specialUse(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("invalid") || h.endsWith(".invalid")) {
            return java.util.Optional.of(new Resolution(host, null, "RFC 6761 (special-use name, never asked)",
                    NameResolver.Status.NXDOMAIN, List.of(), List.of(), null,
                    "NXDOMAIN: names under .invalid never exist (RFC 6761)", List.of(), Duration.ZERO));
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return java.util.Optional.of(new Resolution(host, null, "RFC 6761 (special-use name, never asked)",
                    NameResolver.Status.RESOLVED, List.of(), List.of(InetAddress.getLoopbackAddress()), null,
                    "the loopback address", List.of(), Duration.ZERO));
        }
        return java.util.Optional.empty();
    }

    /** What {@code server} says about {@code host}, within {@code deadline}. */
    public Resolution resolve(String host, NameServer server, Instant deadline) throws InterruptedException {
        Instant start = client.clock().instant();
        Name name = name(host);
        List<String> notes = new ArrayList<>();
        Part a = part(server, name, Type.A, deadline, notes);
        Part aaaa = a.status == NameResolver.Status.TIMEOUT ? null : part(server, name, Type.AAAA, deadline, notes);
        List<InetAddress> addresses = new ArrayList<>(a.addresses);
        List<String> chain = a.chain;
        Duration ttl = a.addresses.isEmpty() ? null : a.ttl;
        if (aaaa != null) {
            addresses.addAll(aaaa.addresses);
            if (chain.isEmpty()) {
                chain = aaaa.chain;
            }
            if (!aaaa.addresses.isEmpty()) {
                ttl = min(ttl, aaaa.ttl);
            }
        }
        NameResolver.Status status;
        String detail;
        if (!addresses.isEmpty()) {
            status = NameResolver.Status.RESOLVED;
            detail = "NOERROR";
        } else if (a.status == NameResolver.Status.NO_ADDRESS && aaaa != null) {
            status = aaaa.status;
            detail = aaaa.status == NameResolver.Status.NO_ADDRESS
                    ? "NOERROR without A or AAAA records (NODATA)" : aaaa.detail;
            ttl = min(a.ttl, aaaa.ttl);
        } else {
            status = a.status;
            detail = a.detail;
            ttl = a.ttl;
        }
        if (status == NameResolver.Status.SERVFAIL) {
            Exchange cd = client.ask(server, name, Type.A, true, true, deadline);
            notes.addAll(cd.notes());
            if (cd.message().isPresent() && cd.message().get().getRcode() == Rcode.NOERROR) {
                List<String> cdChain = new ArrayList<>();
                List<InetAddress> cdAddresses = new ArrayList<>();
                follow(cd.message().get(), name, Type.A, cdChain, cdAddresses);
                if (!cdAddresses.isEmpty()) {
                    detail += "; with checking disabled (CD) it answers " + cdAddresses.stream().map(Resolution::text)
                            .toList() + ": DNSSEC validation fails (bogus signatures, or a DS that matches no key)";
                }
            }
        }
        return new Resolution(host, server, "resolver " + server, status, chain, addresses, ttl, detail, notes,
                Duration.between(start, client.clock().instant()));
    }

    /** The result for one record type. */
    private static final class Part {
        NameResolver.Status status = NameResolver.Status.NO_ADDRESS;
        String detail = "";
        List<String> chain = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        Duration ttl;
    }

    private Part part(NameServer server, Name name, int type, Instant deadline, List<String> notes)
            throws InterruptedException {
        Part p = new Part();
        Name current = name;
        Set<Name> seen = new LinkedHashSet<>();
        seen.add(name);
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            Exchange x = client.ask(server, current, type, true, false, deadline);
            for (String n : x.notes()) {
                if (!notes.contains(n)) {
                    notes.add(n);
                }
            }
            if (x.outcome() instanceof Exchange.NoAnswer no) {
                p.status = NameResolver.Status.TIMEOUT;
                p.detail = no.detail();
                return p;
            }
            Message m = x.message().orElseThrow();
            int rcode = m.getRcode();
            List<String> links = new ArrayList<>();
            List<InetAddress> found = new ArrayList<>();
            Name end = follow(m, current, type, links, found);
            p.ttl = min(p.ttl, answerTtl(m));
            p.chain.addAll(links);
            String ede = extendedError(m);
            if (rcode == Rcode.NXDOMAIN) {
                p.status = p.chain.isEmpty() ? NameResolver.Status.NXDOMAIN : NameResolver.Status.DANGLING_CNAME;
                p.detail = p.chain.isEmpty() ? "NXDOMAIN" + ede
                        : "NXDOMAIN for the CNAME target " + strip(end) + ede;
                p.ttl = negativeTtl(m, p.ttl);
                return p;
            }
            if (rcode == Rcode.SERVFAIL) {
                p.status = NameResolver.Status.SERVFAIL;
                p.detail = "SERVFAIL" + ede;
                return p;
            }
            if (rcode == Rcode.REFUSED) {
                p.status = NameResolver.Status.REFUSED;
                p.detail = "REFUSED" + ede + (m.getHeader().getFlag(Flags.RA) ? ""
                        : " (the server offers no recursion: it is not a resolver for this name)");
                return p;
            }
            if (rcode != Rcode.NOERROR) {
                p.status = NameResolver.Status.ERROR;
                p.detail = Rcode.string(rcode) + ede;
                return p;
            }
            if (!found.isEmpty()) {
                p.status = NameResolver.Status.RESOLVED;
                p.addresses.addAll(found);
                return p;
            }
            boolean negative = m.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.SOA);
            if (links.isEmpty() || negative || !seen.add(end)) {
                p.status = p.chain.isEmpty() ? NameResolver.Status.NO_ADDRESS : NameResolver.Status.DANGLING_CNAME;
                p.detail = p.chain.isEmpty() ? "NOERROR without " + Type.string(type) + " records (NODATA)"
                        : "the CNAME target " + strip(end) + " has no " + Type.string(type) + " record";
                p.ttl = negativeTtl(m, p.ttl);
                return p;
            }
            // the server returned the chain without resolving its end (an authoritative server without
            // recursion, or a target in another zone): ask for the end ourselves
            current = end;
        }
        p.status = NameResolver.Status.ERROR;
        p.detail = "the CNAME chain is longer than " + MAX_CHAIN + " links (or loops)";
        return p;
    }

    /** Follows CNAMEs in the answer from {@code from}; collects the end's addresses; returns the end. */
    static Name follow(Message m, Name from, int type, List<String> chain, List<InetAddress> addresses) {
        Name current = from;
        List<Record> answer = m.getSection(Section.ANSWER);
        for (int i = 0; i <= MAX_CHAIN; i++) {
            Name next = null;
            for (Record r : answer) {
                if (r instanceof CNAMERecord c && r.getName().equals(current)) {
                    next = c.getTarget();
                    break;
                }
            }
            if (next == null || chain.contains(strip(next))) {
                break;
            }
            chain.add(strip(next));
            current = next;
        }
        for (Record r : answer) {
            if (!r.getName().equals(current)) {
                continue;
            }
            if (type == Type.A && r instanceof ARecord ar) {
                addresses.add(ar.getAddress());
            } else if (type == Type.AAAA && r instanceof AAAARecord ar) {
                addresses.add(ar.getAddress());
            }
        }
        return current;
    }

    private static Duration answerTtl(Message m) {
        Duration ttl = null;
        for (Record r : m.getSection(Section.ANSWER)) {
            ttl = min(ttl, Duration.ofSeconds(r.getTTL()));
        }
        return ttl;
    }

    private static Duration negativeTtl(Message m, Duration otherwise) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return otherwise;
    }

    /** {@code ; EDE 22 (No Reachable Authority): text} or {@code ""}. */
    static String extendedError(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
            if (o instanceof ExtendedErrorCodeOption e) {
                sb.append(", EDE ").append(e.getErrorCode()).append(" (")
                        .append(e.getErrorCode() >= 0 && e.getErrorCode() < EDE.size() ? EDE.get(e.getErrorCode())
                                : ExtendedErrorCodeOption.text(e.getErrorCode())).append(')');
                if (e.getText() != null && !e.getText().isEmpty()) {
                    sb.append(": ").append(e.getText());
                }
            }
        }
        return sb.toString();
    }

    /** {@code www.example.org} (no trailing dot). */
    public static String strip(Name n) {
        return n.toString(true);
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
