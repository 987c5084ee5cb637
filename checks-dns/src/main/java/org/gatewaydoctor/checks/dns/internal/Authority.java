package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds a name's zone and its authoritative servers through a resolver, then asks each server directly
 * (without recursion) what it holds: its SOA serial and its records for the name.
 */
public final class Authority {

    /** The most name servers of a zone asked. */
    public static final int MAX_SERVERS = 8;

    private final Lookups lookups;

    public Authority(Lookups lookups) {
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    /**
     * The zone a name belongs to and its NS set, as a resolver sees them.
     *
     * @param apex the zone's apex
     * @param nameServers the NS names
     * @param problem why the zone or its servers could not be found, {@code ""} when they were
     */
    public record Zone(String apex, List<String> nameServers, String problem) {
        public Zone {
            Objects.requireNonNull(apex, "apex");
            nameServers = List.copyOf(nameServers);
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * What one authoritative server says.
     *
     * @param nameServer the NS name
     * @param server the address asked
     * @param state answering, lame or silent
     * @param serial its SOA serial, -1 when unknown
     * @param answer its records for the name, as comparable text ({@code NXDOMAIN}, {@code NODATA},
     *     {@code CNAME target}, sorted addresses)
     * @param ttl the TTL of those records, {@code null} when none
     * @param detail in words, e.g. {@code REFUSED}, {@code answers without the AA flag}
     */
    public record ServerView(String nameServer, NameServer server, State state, long serial, String answer,
                             Duration ttl, String detail) {
        public ServerView {
            Objects.requireNonNull(nameServer, "nameServer");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** How an authoritative server behaves for the zone. */
    public enum State {
        /** It answers authoritatively (AA flag, NOERROR or NXDOMAIN). */
        ANSWERS,
        /** It answers, but not as an authority for the zone (REFUSED, SERVFAIL, no AA flag): lame. */
        LAME,
        /** No usable answer. */
        SILENT
    }

    /** Finds the zone of {@code host} and its NS set through {@code resolver}. */
    public Zone zone(String host, NameServer resolver, Instant deadline) throws InterruptedException {
        Name name = Lookups.name(host);
        for (int labels = name.labels(); labels >= 2; labels--) {
            Name candidate = labels == name.labels() ? name : new Name(name, name.labels() - labels);
            Exchange x = lookups.client().ask(resolver, candidate, Type.SOA, true, false, deadline);
            if (x.message().isEmpty()) {
                return new Zone("", List.of(), "the resolver " + resolver + " gave no answer for the SOA of "
                        + Lookups.strip(candidate) + ": " + ((Exchange.NoAnswer) x.outcome()).detail());
            }
            Message m = x.message().get();
            boolean apex = m.getSection(Section.ANSWER).stream()
                    .anyMatch(r -> r instanceof SOARecord && r.getName().equals(candidate));
            if (!apex) {
                continue;
            }
            Exchange ns = lookups.client().ask(resolver, candidate, Type.NS, true, false, deadline);
            List<String> names = new ArrayList<>();
            ns.message().ifPresent(n -> n.getSection(Section.ANSWER).stream()
                    .filter(r -> r instanceof NSRecord && r.getName().equals(candidate))
                    .map(r -> Lookups.strip(((NSRecord) r).getTarget())).distinct().sorted().limit(MAX_SERVERS)
                    .forEach(names::add));
            return new Zone(Lookups.strip(candidate), names, names.isEmpty()
                    ? "the resolver returned no NS records for " + Lookups.strip(candidate) : "");
        }
        return new Zone("", List.of(), "no zone apex (SOA) found above " + host + " through " + resolver);
    }

    /**
     * What the parent zone says about a zone: the NS set it delegates to and the glue addresses it hands out
     * with the referral.
     *
     * @param parentApex the parent zone's apex ({@code ""} when it could not be found)
     * @param parentServer the parent's name server that answered ({@code null} when none did)
     * @param nameServers the delegation's NS names, sorted
     * @param glue the glue: NS name to the addresses given with the referral
     * @param problem why the delegation could not be read, {@code ""} when it was
     */
    public record Delegation(String parentApex, NameServer parentServer, List<String> nameServers,
                             java.util.Map<String, List<String>> glue, String problem) {
        public Delegation {
            Objects.requireNonNull(parentApex, "parentApex");
            nameServers = List.copyOf(nameServers);
            glue = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(glue));
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * Asks the parent zone's servers (found through {@code resolver}, without recursion) for the delegation of
     * {@code apex}: the referral's NS set (authority section) and its glue (additional section). The first parent
     * server that gives a referral is the answer; one that answers with authority for the zone itself (it serves
     * both) shows no delegation and is passed over.
     */
    public Delegation delegation(String apex, NameServer resolver, Instant deadline) throws InterruptedException {
        Name zoneName = Lookups.name(apex);
        if (zoneName.labels() <= 2) {
            return new Delegation("", null, List.of(), java.util.Map.of(), apex + " is a top-level zone");
        }
        Name parentName = new Name(zoneName, 1);
        Zone parent = zone(Lookups.strip(parentName), resolver, deadline);
        if (!parent.problem().isEmpty()) {
            return new Delegation("", null, List.of(), java.util.Map.of(), parent.problem());
        }
        List<String> tried = new ArrayList<>();
        for (String ns : parent.nameServers().stream().limit(3).toList()) {
            List<InetAddress> addresses = addresses(ns, resolver, deadline);
            if (addresses.isEmpty()) {
                tried.add(ns + ": no address");
                continue;
            }
            NameServer server = new NameServer(addresses.get(0), NameServer.DNS_PORT, ns);
            Exchange x = lookups.client().ask(server, zoneName, Type.NS, false, false, deadline);
            if (x.message().isEmpty()) {
                tried.add(ns + ": " + ((Exchange.NoAnswer) x.outcome()).detail());
                continue;
            }
            Message m = x.message().get();
            List<String> names = m.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r instanceof NSRecord && r.getName().equals(zoneName))
                    .map(r -> Lookups.strip(((NSRecord) r).getTarget()).toLowerCase(java.util.Locale.ROOT)).distinct()
                    .sorted().limit(MAX_SERVERS).toList();
            if (names.isEmpty()) {
                tried.add(ns + ": " + (m.getHeader().getFlag(Flags.AA) && m.getRcode() == Rcode.NOERROR
                        ? "it serves " + apex + " itself, so it shows no delegation" : Rcode.string(m.getRcode())
                        + " without a referral"));
                continue;
            }
            java.util.Map<String, List<String>> glue = new java.util.TreeMap<>();
            for (Record r : m.getSection(Section.ADDITIONAL)) {
                String owner = Lookups.strip(r.getName()).toLowerCase(java.util.Locale.ROOT);
                String text = r instanceof ARecord a ? Resolution.text(a.getAddress())
                        : r instanceof AAAARecord a ? Resolution.text(a.getAddress()) : null;
                if (text != null && names.contains(owner)) {
                    List<String> list = new ArrayList<>(glue.getOrDefault(owner, List.of()));
                    if (!list.contains(text)) {
                        list.add(text);
                    }
                    java.util.Collections.sort(list);
                    glue.put(owner, list);
                }
            }
            return new Delegation(parent.apex(), server, names, glue, "");
        }
        return new Delegation(parent.apex(), null, List.of(), java.util.Map.of(), "no server of the parent zone "
                + parent.apex() + " gave a referral for " + apex + " (" + String.join("; ", tried) + ")");
    }

    /** The addresses of an NS name through {@code resolver}, IPv4 first (IPv6 only when it has no IPv4). */
    public List<InetAddress> addresses(String nameServer, NameServer resolver, Instant deadline)
            throws InterruptedException {
        Resolution r = lookups.resolve(nameServer, resolver, deadline);
        List<InetAddress> v4 = r.addresses().stream().filter(a -> a.getAddress().length == 4).toList();
        return v4.isEmpty() ? r.addresses() : v4;
    }

    /** Asks {@code server} (an authority for {@code apex}) for its serial and its records for {@code host}. */
    public ServerView ask(String nameServer, NameServer server, String apex, String host, Instant deadline)
            throws InterruptedException {
        DnsClient c = lookups.client();
        Exchange soa = c.ask(server, Lookups.name(apex), Type.SOA, false, false, deadline);
        if (soa.outcome() instanceof Exchange.NoAnswer no) {
            return new ServerView(nameServer, server, State.SILENT, -1, "", null, no.detail());
        }
        Message sm = soa.message().orElseThrow();
        if (sm.getRcode() != Rcode.NOERROR || !sm.getHeader().getFlag(Flags.AA)) {
            String why = sm.getRcode() != Rcode.NOERROR ? Rcode.string(sm.getRcode()) + " for the zone " + apex
                    : "answers for " + apex + " without the AA flag: it does not hold the zone";
            return new ServerView(nameServer, server, State.LAME, -1, "", null, why);
        }
        long serial = sm.getSection(Section.ANSWER).stream().filter(r -> r instanceof SOARecord)
                .mapToLong(r -> ((SOARecord) r).getSerial()).findFirst().orElse(-1);
        TreeSet<String> answer = new TreeSet<>();
        Duration ttl = null;
        String negative = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Exchange x = c.ask(server, Lookups.name(host), type, false, false, deadline);
            if (x.outcome() instanceof Exchange.NoAnswer no) {
                return new ServerView(nameServer, server, State.SILENT, serial, "", null, no.detail());
            }
            Message m = x.message().orElseThrow();
            if (m.getRcode() == Rcode.NXDOMAIN) {
                negative = "NXDOMAIN";
                break;
            }
            if (m.getRcode() != Rcode.NOERROR) {
                return new ServerView(nameServer, server, State.LAME, serial, "", null,
                        Rcode.string(m.getRcode()) + " for " + host);
            }
            for (Record r : m.getSection(Section.ANSWER)) {
                String text = r instanceof ARecord a ? Resolution.text(a.getAddress())
                        : r instanceof AAAARecord a ? Resolution.text(a.getAddress())
                        : r instanceof CNAMERecord cn ? "CNAME " + Lookups.strip(cn.getTarget()) : null;
                if (text != null) {
                    answer.add(text);
                    Duration t = Duration.ofSeconds(r.getTTL());
                    ttl = ttl == null || t.compareTo(ttl) < 0 ? t : ttl;
                }
            }
        }
        String text = negative != null ? negative : answer.isEmpty() ? "NODATA" : String.join(", ", answer);
        return new ServerView(nameServer, server, State.ANSWERS, serial, text, ttl, "");
    }

    /** The resolver's answer for {@code host}, as comparable text (as {@link ServerView#answer()}). */
    public static String comparable(Resolution r) {
        return switch (r.status()) {
            case RESOLVED -> {
                TreeSet<String> set = new TreeSet<>();
                r.addresses().forEach(a -> set.add(Resolution.text(a)));
                yield String.join(", ", set);
            }
            case NXDOMAIN -> "NXDOMAIN";
            case NO_ADDRESS -> "NODATA";
            default -> r.status().name();
        };
    }

    /** The authoritative answer without CNAME entries, for comparing with a resolver's final addresses. */
    public static Optional<String> addressesOnly(String answer) {
        if (answer.contains("CNAME ")) {
            return Optional.empty();
        }
        return Optional.of(answer);
    }
}
