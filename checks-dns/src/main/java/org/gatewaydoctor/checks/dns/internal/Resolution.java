package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gatewaydoctor.spi.NameResolver.Status;

/**
 * What one resolver says about one host name: its addresses (following the CNAME chain), or why there are
 * none.
 *
 * @param host the name asked about
 * @param server the resolver asked, {@code null} when the answer came from a hosts file or from the
 *     special-use rules (RFC 6761) without asking anyone
 * @param source in words: {@code resolver 127.0.0.1:53 (/etc/resolv.conf)}, {@code /etc/hosts}
 * @param status the verdict, in the SPI's words ({@link Status}); here {@code RESOLVED} may come without addresses
 *               (the SPI's {@link DnsNameResolver#answer answer} says {@code NO_ADDRESS} then)
 * @param chain the CNAME chain from {@code host} on (each target), empty when there is none
 * @param addresses A and AAAA addresses of the chain's end, A first
 * @param ttl the smallest remaining TTL of the answer's records (for a negative answer the SOA's negative
 *     caching time), {@code null} when unknown
 * @param detail what the resolver answered, in words (response code, Extended DNS Error, failure)
 * @param notes transport notes (truncation and TCP, ignored replies)
 * @param latency how long it took
 */
public record Resolution(String host, NameServer server, String source, Status status, List<String> chain,
                         List<InetAddress> addresses, Duration ttl, String detail, List<String> notes,
                         Duration latency) {

    public Resolution {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        chain = List.copyOf(chain);
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(detail, "detail");
        notes = List.copyOf(notes);
        Objects.requireNonNull(latency, "latency");
    }

    /** The TTL, when known. */
    public Optional<Duration> ttlOption() {
        return Optional.ofNullable(ttl);
    }

    /** Whether the answer is a usable address set. */
    public boolean resolved() {
        return status == Status.RESOLVED;
    }

    /** The addresses as text, sorted, e.g. {@code 127.0.0.10, ::1}. */
    public String addressText() {
        return addresses.stream().map(Resolution::text).sorted().collect(Collectors.joining(", "));
    }

    /** What this resolver says, comparable across resolvers: status and, when resolved, the address set. */
    public String answerKey() {
        return resolved() ? addressText() : status.name();
    }

    /** The answer in words: {@code 127.0.0.10 (TTL 300 s)}, {@code NXDOMAIN}, with the CNAME chain. */
    public String answerText() {
        StringBuilder sb = new StringBuilder();
        if (!chain.isEmpty()) {
            sb.append("CNAME ").append(String.join(" → ", chain)).append(" → ");
        }
        sb.append(resolved() ? addressText() : detail);
        if (ttl != null && resolved()) {
            sb.append(" (TTL ").append(ttl.toSeconds()).append(" s)");
        }
        return sb.toString();
    }

    /** An address without a zone id. */
    public static String text(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != 16) {
            return a.getHostAddress();
        }
        // RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::"
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
