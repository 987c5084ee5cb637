package org.gatewaydoctor.checks.http.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.gatewaydoctor.checks.http.edge.internal.CatalogueJson;
import org.gatewaydoctor.checks.http.edge.internal.Classification;

/**
 * Attributes an error response to the hop that wrote it: a CDN (Cloudflare, CloudFront, Fastly, Akamai...),
 * a load balancer (AWS ALB, Google's front end, HAProxy...), a proxy (nginx, Apache, Varnish...) or the
 * application itself (WordPress's own error pages, which mean PHP answered and the gateway is not at
 * fault). A page that carries one vendor's headers and another's body is attributed to the one that wrote
 * the body, and the other is named as {@code relayedBy}.
 *
 * <pre>{@code
 * ErrorPageClassifier classifier = ErrorPageClassifier.standard();   // build once, thread-safe
 * Attribution a = classifier.classify(502, response.headers(), response.body());
 * Attribution b = classifier.classify(CapturedResponse.parse(Files.readString(saved)));
 * }</pre>
 *
 * <p>The catalogue is data: {@code org/gatewaydoctor/checks/http/edge/fingerprints.json} in this module,
 * every {@code META-INF/gateway-doctor/fingerprints.json} on the class path, and every
 * {@link FingerprintProvider} registered for {@link ServiceLoader}. Loading never throws for a broken
 * provider or file: it is left out and named in {@link #problems()}; of two entries with one id the first
 * is kept. An entry in JSON:
 * <pre>{@code
 * { "fingerprints": [ {
 *     "id": "acme.502", "kind": "page", "vendor": "acme-cdn", "hop": "edge", "statuses": [502],
 *     "headers": [ { "header": "x-acme-pop" } ],
 *     "body": [ { "text": "Acme CDN could not reach your server" } ],
 *     "cause": "edge.origin_unreachable", "confidence": 0.9,
 *     "title": "Acme CDN 502: origin unreachable", "meaning": "...", "next": ["..."],
 *     "source": "https://docs.acme.example/errors#502" } ] }
 * }</pre>
 */
public final class ErrorPageClassifier {

    /** The built-in catalogue's class-path location. */
    public static final String BUILT_IN = "org/gatewaydoctor/checks/http/edge/fingerprints.json";
    /** Where third-party jars put catalogue data. */
    public static final String RESOURCE = "META-INF/gateway-doctor/fingerprints.json";

    private static volatile ErrorPageClassifier standard;

    private final List<Fingerprint> entries;
    private final List<String> problems;
    private final Classification engine;

    private ErrorPageClassifier(List<Fingerprint> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        this.engine = new Classification(this.entries);
    }

    /** The built-in catalogue plus everything found on this class's class loader (loaded once, then shared). */
    public static ErrorPageClassifier standard() {
        ErrorPageClassifier s = standard;
        if (s == null) {
            synchronized (ErrorPageClassifier.class) {
                s = standard;
                if (s == null) {
                    s = discover(ErrorPageClassifier.class.getClassLoader());
                    standard = s;
                }
            }
        }
        return s;
    }

    /** The built-in catalogue plus the providers and data files {@code loader} finds. */
    public static ErrorPageClassifier discover(ClassLoader loader) {
        Map<String, Fingerprint> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        readResource(ErrorPageClassifier.class.getClassLoader(), BUILT_IN, byId, problems);
        readResource(loader, RESOURCE, byId, problems);
        Iterator<ServiceLoader.Provider<FingerprintProvider>> it =
                ServiceLoader.load(FingerprintProvider.class, loader).stream().iterator();
        for (int errors = 0; errors < 100; ) {
            ServiceLoader.Provider<FingerprintProvider> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                problems.add("A fingerprint provider could not be loaded: " + e.getMessage());
                continue;
            }
            try {
                add(byId, p.get().fingerprints(), p.type().getName(), problems);
            } catch (RuntimeException | LinkageError e) {
                problems.add("Fingerprint provider " + p.type().getName() + " failed: " + e);
            }
        }
        return new ErrorPageClassifier(new ArrayList<>(byId.values()), problems);
    }

    /** A classifier with exactly these entries (tests, embedders with their own catalogue). */
    public static ErrorPageClassifier of(List<Fingerprint> entries) {
        Map<String, Fingerprint> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        add(byId, entries, "the caller", problems);
        return new ErrorPageClassifier(new ArrayList<>(byId.values()), problems);
    }

    /** Reads catalogue entries from JSON (the form shown above). */
    public static List<Fingerprint> readJson(InputStream in, String sourceName) throws IOException {
        return CatalogueJson.read(in, sourceName);
    }

    /**
     * Classifies a response received over the wire.
     *
     * @param status the HTTP status
     * @param headers header fields by name (any case)
     * @param body the body as read (may be cut short; may be empty)
     */
    public Attribution classify(int status, Map<String, List<String>> headers, String body) {
        return classify(CapturedResponse.of(status, headers, body, false));
    }

    /** Classifies a saved or received response in any shape {@link CapturedResponse#parse(String)} accepts. */
    public Attribution classify(CapturedResponse response) {
        return engine.classify(response);
    }

    /** The catalogue's entries, built-in first. */
    public List<Fingerprint> entries() {
        return entries;
    }

    /** Problems met while loading the catalogue, in full sentences. */
    public List<String> problems() {
        return problems;
    }

    private static void readResource(ClassLoader loader, String name, Map<String, Fingerprint> byId,
                                     List<String> problems) {
        try {
            Enumeration<URL> urls = loader.getResources(name);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (InputStream in = url.openStream()) {
                    add(byId, CatalogueJson.read(in, url.toString()), url.toString(), problems);
                } catch (IllegalArgumentException e) {
                    problems.add("Fingerprint file " + url + " is invalid (left out): " + e.getMessage());
                } catch (IOException e) {
                    problems.add("Fingerprint file " + url + " could not be read (left out): " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add("Fingerprint files " + name + " could not be listed: " + e.getMessage());
        }
    }

    private static void add(Map<String, Fingerprint> byId, List<Fingerprint> more, String from, List<String> problems) {
        if (more == null) {
            return;
        }
        for (Fingerprint f : more) {
            if (f == null) {
                continue;
            }
            Fingerprint earlier = byId.putIfAbsent(f.id(), f);
            if (earlier != null && earlier != f) {
                problems.add("Fingerprint " + f.id() + " from " + from + " is defined twice; the first is kept.");
            }
        }
    }
}
