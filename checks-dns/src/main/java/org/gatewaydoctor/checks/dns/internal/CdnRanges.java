package org.gatewaydoctor.checks.dns.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The address ranges CDNs publish for their edge, shipped as data
 * ({@code org/gatewaydoctor/checks/dns/cdn-ranges.txt}: each line {@code provider range}; {@code # source:}
 * and {@code # as-of:} lines say where each list comes from and when it was taken). Refresh it with the
 * script next to it.
 *
 * @param ranges every range with its provider
 * @param sources the {@code # source:} lines, in order
 * @param asOf the {@code # as-of:} date
 */
public record CdnRanges(List<Range> ranges, List<String> sources, String asOf) {

    /** Class-path location of the shipped list. */
    public static final String RESOURCE = "/org/gatewaydoctor/checks/dns/cdn-ranges.txt";

    /**
     * One range.
     *
     * @param provider e.g. {@code Cloudflare}
     * @param range the range
     */
    public record Range(String provider, Cidr range) {
        public Range {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(range, "range");
        }
    }

    public CdnRanges {
        ranges = List.copyOf(ranges);
        sources = List.copyOf(sources);
        Objects.requireNonNull(asOf, "asOf");
    }

    /** The list shipped in this jar. */
    public static CdnRanges shipped() {
        try (InputStream in = CdnRanges.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the list format. */
    public static CdnRanges parse(InputStream in) throws IOException {
        List<Range> ranges = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        String asOf = "";
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String l = line.strip();
            if (l.startsWith("# source:")) {
                sources.add(l.substring("# source:".length()).strip());
            } else if (l.startsWith("# as-of:")) {
                asOf = l.substring("# as-of:".length()).strip();
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] w = l.split("\\s+");
            if (w.length != 2) {
                throw new IOException("line " + n + " is not 'provider range': " + l);
            }
            try {
                ranges.add(new Range(w[0], Cidr.parse(w[1])));
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + n + ": " + e.getMessage(), e);
            }
        }
        return new CdnRanges(ranges, sources, asOf);
    }

    /** The range {@code a} lies in, if any. */
    public Optional<Range> find(InetAddress a) {
        return ranges.stream().filter(r -> r.range().contains(a)).findFirst();
    }
}
