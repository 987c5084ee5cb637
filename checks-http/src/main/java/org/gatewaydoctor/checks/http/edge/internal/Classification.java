package org.gatewaydoctor.checks.http.edge.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.checks.http.edge.Attribution;
import org.gatewaydoctor.checks.http.edge.CapturedResponse;
import org.gatewaydoctor.checks.http.edge.Fingerprint;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.ErrorSource;

/**
 * The matching behind {@code ErrorPageClassifier}.
 *
 * <ol>
 *   <li>Headers entries find the vendors on the path (any of their header markers) and those that
 *       generated the response themselves (a writer marker, or a status only they produce).</li>
 *   <li>Page entries are tried against status (the status line's, else the one the page text states),
 *       headers (all required) and body: the first body marker is the page's signature and must
 *       match; of a full body all markers (or {@code minBody}) must match, of a truncated body or of
 *       displayed text {@code minBody} (at least one). The best
 *       score wins: two per required header, one per body marker, one for a listed status, one when the
 *       page's vendor is also seen in the headers; ties go to the earlier entry.</li>
 *   <li>Without a matching page the headers decide: the deepest vendor that generated the response,
 *       else the vendor named by the {@code server} header, else the outermost vendor seen; a page entry
 *       of that vendor for exactly that status lends its meaning.</li>
 *   <li>Any other vendor seen in the headers, outermost first, is the {@code relayedBy} hop.</li>
 * </ol>
 */
public final class Classification {

    private static final int MAX_MARKER_VALUE = 120;
    private static final Pattern STATUS_IN_TEXT = Pattern.compile(
            "^(?:error\\s+|http error\\s+)?([1-5]\\d\\d)\\b|\\berror code:?\\s*([1-5]\\d\\d)\\b|\\bhttp error ([1-5]\\d\\d)\\b"
                    + "|\\b([1-5]\\d\\d) error\\b|\\berror ([1-5]\\d\\d) \\(");

    private final List<Fingerprint> pages;
    private final List<Fingerprint> vendors;
    private final Map<Fingerprint.Marker, Pattern> patterns = new LinkedHashMap<>();

    public Classification(List<Fingerprint> entries) {
        this.pages = entries.stream().filter(f -> f.kind() == Fingerprint.Kind.PAGE).toList();
        this.vendors = entries.stream().filter(f -> f.kind() == Fingerprint.Kind.HEADERS).toList();
        for (Fingerprint f : entries) {
            List<Fingerprint.Marker> all = new ArrayList<>(f.headers());
            all.addAll(f.writer());
            all.addAll(f.body());
            if (f.reference() != null) {
                all.add(f.reference());
            }
            for (Fingerprint.Marker m : all) {
                if (m.matches() != null) {
                    patterns.put(m, Pattern.compile(m.matches(), Pattern.CASE_INSENSITIVE));
                } else if (m.regex() != null) {
                    patterns.put(m, Pattern.compile(m.regex(), Pattern.CASE_INSENSITIVE));
                }
            }
        }
    }

    /** A vendor seen in the headers. */
    private record Seen(Fingerprint entry, List<String> markers, boolean wrote) {
    }

    public Attribution classify(CapturedResponse r) {
        PageText page = PageText.of(r.body());
        boolean hasBody = !r.body().isBlank();
        boolean partial = r.truncated() || r.shape() == CapturedResponse.Shape.TEXT_BODY;

        Map<String, Seen> seen = new LinkedHashMap<>();
        for (Fingerprint v : vendors) {
            List<String> hits = new ArrayList<>();
            for (Fingerprint.Marker m : v.headers()) {
                headerHit(r, m).ifPresent(hits::add);
            }
            if (hits.isEmpty()) {
                continue;
            }
            boolean wrote = r.status() != null && v.statuses().contains(r.status());
            for (Fingerprint.Marker m : v.writer()) {
                Optional<String> w = headerHit(r, m);
                if (w.isPresent()) {
                    wrote = true;
                    if (!hits.contains(w.get())) {
                        hits.add(w.get());
                    }
                }
            }
            Seen before = seen.get(v.vendor());
            if (before == null) {
                seen.put(v.vendor(), new Seen(v, hits, wrote));
            } else {
                List<String> merged = new ArrayList<>(before.markers());
                hits.stream().filter(h -> !merged.contains(h)).forEach(merged::add);
                seen.put(v.vendor(), new Seen(before.entry(), merged, before.wrote() || wrote));
            }
        }

        Integer textStatus = r.status() == null ? statusFromText(page.text()) : null;
        Integer effective = r.status() != null ? r.status() : textStatus;
        Fingerprint best = null;
        int bestScore = -1;
        List<String> bestMarkers = List.of();
        boolean bestPartial = false;
        for (Fingerprint p : pages) {
            if (effective != null && !p.statuses().isEmpty() && !p.statuses().contains(effective)) {
                continue;
            }
            List<String> hits = new ArrayList<>();
            boolean headersOk = true;
            for (Fingerprint.Marker m : p.headers()) {
                Optional<String> h = headerHit(r, m);
                if (h.isEmpty()) {
                    headersOk = false;
                    break;
                }
                hits.add(h.get());
            }
            if (!headersOk) {
                continue;
            }
            int bodyHits = 0;
            if (!p.body().isEmpty()) {
                if (!hasBody) {
                    continue;
                }
                boolean first = true;
                boolean signature = false;
                for (Fingerprint.Marker m : p.body()) {
                    Optional<String> b = bodyHit(page, m);
                    if (b.isPresent()) {
                        bodyHits++;
                        hits.add(b.get());
                        signature |= first;
                    }
                    first = false;
                }
                int required = partial ? Math.max(1, p.minBody()) : p.minBody() > 0 ? p.minBody() : p.body().size();
                if (!signature || bodyHits < required) {
                    continue;
                }
            } else if (hasBody) {
                continue;
            }
            int score = 2 * p.headers().size() + bodyHits
                    + (effective != null && p.statuses().contains(effective) ? 1 : 0)
                    + (seen.containsKey(p.vendor()) ? 1 : 0);
            if (score > bestScore) {
                best = p;
                bestScore = score;
                bestMarkers = hits;
                bestPartial = bodyHits < p.body().size();
            }
        }

        if (best != null) {
            Integer status = effective != null ? effective
                    : best.statuses().size() == 1 ? best.statuses().get(0) : null;
            List<String> markers = new ArrayList<>();
            if (r.status() != null && best.statuses().contains(r.status())) {
                markers.add("status " + r.status());
            } else if (textStatus != null) {
                markers.add("status " + textStatus + " (from the page text)");
            }
            markers.addAll(bestMarkers);
            Seen own = seen.get(best.vendor());
            if (own != null) {
                own.markers().stream().filter(m -> !markers.contains(m)).forEach(markers::add);
            }
            double confidence = best.confidence() * (bestPartial ? 0.85 : 1.0);
            String relayedBy = relayer(seen, best.vendor());
            String reference = reference(r, page, best, own);
            return attribution(best, best.vendor(), best.hop(), status, confidence, markers, relayedBy, reference,
                    seen);
        }

        if (!seen.isEmpty()) {
            List<Seen> all = new ArrayList<>(seen.values());
            Seen writer = all.stream().filter(Seen::wrote)
                    .max(Comparator.comparingInt(s -> s.entry().hop().ordinal())).orElse(null);
            double confidence = 0.75;
            if (writer == null) {
                writer = all.stream().filter(s -> s.markers().stream().anyMatch(m -> m.startsWith("header server:")))
                        .findFirst().orElse(null);
                confidence = 0.5;
            }
            if (writer == null) {
                writer = all.stream().min(Comparator.comparingInt(s -> s.entry().hop().ordinal())).orElseThrow();
                confidence = 0.4;
            }
            if (hasBody) {
                // A body was there but matched no page of this vendor: it may be the vendor's or the next hop's.
                confidence -= 0.1;
            }
            String vendor = writer.entry().vendor();
            Fingerprint statusPage = null;
            if (r.status() != null) {
                List<Fingerprint> forStatus = pages.stream().filter(p -> p.vendor().equals(vendor)
                        && p.statuses().equals(List.of(r.status()))
                        && p.headers().stream().allMatch(m -> headerHit(r, m).isPresent())).toList();
                if (forStatus.size() == 1) {
                    statusPage = forStatus.get(0);
                }
            }
            List<String> markers = new ArrayList<>();
            if (r.status() != null) {
                markers.add("status " + r.status());
            }
            markers.addAll(writer.markers());
            String reference = reference(r, page, null, writer);
            return attribution(statusPage, vendor, writer.entry().hop(), r.status(), confidence, markers,
                    relayer(seen, vendor), reference, seen);
        }

        Integer status = r.status() != null ? r.status() : statusFromText(page.text());
        ErrorSource unknown = new ErrorSource(ErrorSource.UNKNOWN, ErrorSource.Hop.PROXY, status, 0.0,
                status == null ? List.of() : List.of("status " + status), null, null);
        String what = status == null ? "The response" : "The " + status + " response";
        return new Attribution(unknown, null, null,
                what + " matches no known error page or vendor header",
                "Nothing in it names the hop that wrote it: no vendor headers (server, via, cf-ray, x-cache...) and "
                        + "no known page text.",
                List.of("Save the whole response with its headers (curl -si URL > response.txt) and classify that: "
                                + "the headers usually name the hop.",
                        "Request the origin directly, bypassing any CDN or load balancer, to see whether it answers."));
    }

    private Attribution attribution(Fingerprint page, String vendor, ErrorSource.Hop hop, Integer status,
                                    double confidence, List<String> markers, String relayedBy, String reference,
                                    Map<String, Seen> seen) {
        ErrorSource source = new ErrorSource(vendor, hop, status, round(Math.max(0, Math.min(1, confidence))),
                markers.size() > 12 ? markers.subList(0, 12) : markers, relayedBy, reference);
        String relayNote = relayedBy == null ? "" : " (passed on by " + relayedBy + ")";
        CauseCode cause = null;
        String summary;
        String meaning;
        List<String> next = new ArrayList<>();
        if (page != null) {
            cause = page.cause() == null ? null : CauseCode.of(page.cause());
            summary = page.title() + relayNote;
            meaning = page.meaning();
            for (String step : page.next()) {
                next.add(step.replace("{reference}", reference == null ? "(none on this response)" : reference));
            }
        } else {
            summary = vendor + " answered " + (status == null ? "" : status + " ") + "(known from its headers only)"
                    + relayNote;
            meaning = "The headers show " + vendor + " generated or forwarded this response; the body matched none of "
                    + "its known pages.";
            next.add("Save the full response body as well (curl -si) to tell the vendor's own page from one it passed on.");
        }
        if (relayedBy != null) {
            Seen relay = seen.get(relayedBy);
            if (relay != null && relay.entry().hop().ordinal() < hop.ordinal()) {
                meaning = (meaning.isEmpty() ? "" : meaning + " ") + relayedBy + " only passed this page on; the hop "
                        + "that wrote it is behind " + relayedBy + ", so look there first.";
            }
        }
        if (reference != null && page != null && next.stream().noneMatch(s -> s.contains(reference))) {
            next.add("Quote " + reference + " when you contact " + vendor + "'s support.");
        }
        return new Attribution(source, page, cause, summary, meaning, next);
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /** The outermost vendor seen in the headers other than the writer. */
    private static String relayer(Map<String, Seen> seen, String writer) {
        return seen.values().stream().filter(s -> !s.entry().vendor().equals(writer))
                .min(Comparator.comparingInt(s -> s.entry().hop().ordinal()))
                .map(s -> s.entry().vendor()).orElse(null);
    }

    private String reference(CapturedResponse r, PageText page, Fingerprint best, Seen own) {
        // A header (cf-ray with its location suffix, x-amz-cf-id) is the exact id support asks for; the
        // page's own copy of it comes second.
        List<Fingerprint.Marker> candidates = new ArrayList<>();
        if (own != null && own.entry().reference() != null) {
            candidates.add(own.entry().reference());
        }
        if (best != null && best.reference() != null) {
            candidates.add(best.reference());
        }
        for (Fingerprint.Marker m : candidates) {
            if (m.header() != null && !SENSITIVE.contains(m.header())) {
                Optional<String> v = r.header(m.header());
                if (v.isPresent() && !v.get().isBlank()) {
                    return cut(v.get());
                }
            } else if (m.regex() != null) {
                Matcher mm = patterns.get(m).matcher(page.display());
                if (mm.find()) {
                    return cut(mm.groupCount() >= 1 && mm.group(1) != null ? mm.group(1) : mm.group());
                }
            }
        }
        return null;
    }

    private Optional<String> headerHit(CapturedResponse r, Fingerprint.Marker m) {
        for (String value : r.headerValues(m.header())) {
            if (m.matches() == null || patterns.get(m).matcher(value).find()) {
                // A third-party entry may key on a cookie or credential header: say it was there, never its value.
                return Optional.of("header " + m.header() + (SENSITIVE.contains(m.header()) ? " (value withheld)"
                        : ": " + cut(value)));
            }
        }
        return Optional.empty();
    }

    /** Headers whose values never appear in markers or references. */
    static final java.util.Set<String> SENSITIVE = java.util.Set.of("set-cookie", "cookie", "authorization",
            "proxy-authorization", "www-authenticate", "proxy-authenticate", "x-api-key", "x-auth-token",
            "x-csrf-token", "x-amz-security-token");

    private Optional<String> bodyHit(PageText page, Fingerprint.Marker m) {
        if (m.text() != null) {
            return page.text().contains(PageText.normalise(m.text())) ? Optional.of("body: " + m.text())
                    : Optional.empty();
        }
        if (m.html() != null) {
            return page.html().contains(PageText.normaliseHtml(m.html())) ? Optional.of("html: " + m.html())
                    : Optional.empty();
        }
        Matcher mm = patterns.get(m).matcher(page.text());
        return mm.find() ? Optional.of("body: " + cut(mm.group())) : Optional.empty();
    }

    private static Integer statusFromText(String text) {
        Matcher m = STATUS_IN_TEXT.matcher(text.length() > 4096 ? text.substring(0, 4096) : text);
        if (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    return Integer.valueOf(m.group(g));
                }
            }
        }
        return null;
    }

    private static String cut(String s) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return one.length() > MAX_MARKER_VALUE ? one.substring(0, MAX_MARKER_VALUE) + "..." : one;
    }
}
