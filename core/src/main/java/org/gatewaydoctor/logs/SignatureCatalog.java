package org.gatewaydoctor.logs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.internal.engine.IdPattern;
import org.gatewaydoctor.internal.engine.Providers;
import org.gatewaydoctor.internal.logs.SignatureJson;

/**
 * The signatures a scan looks for: those of every {@link SignatureProvider} on the class path,
 * every {@code META-INF/gateway-doctor/signatures.json} resource, and any added explicitly. Loading
 * never throws for a broken provider or file: problems are collected in {@link #problems()}; of two
 * signatures with one id the first is kept.
 *
 * <p>The JSON form (for signatures shipped as data):
 * <pre>{@code
 * { "signatures": [ {
 *     "id": "acme.cache-backend-down", "layer": "PROXY", "formats": ["NGINX_ERROR"],
 *     "literal": "acme cache backend unreachable",
 *     "pattern": "backend (?<upstream>\\S+) unreachable",
 *     "httpStatus": 502, "causes": ["proxy.upstream_refused"],
 *     "title": "the acme cache cannot reach its backend" } ] }
 * }</pre>
 */
public final class SignatureCatalog {

    /** Class-path location of signature data files. */
    public static final String RESOURCE = "META-INF/gateway-doctor/signatures.json";

    private final List<Signature> signatures;
    private final List<String> problems;

    private SignatureCatalog(List<Signature> signatures, List<String> problems) {
        this.signatures = List.copyOf(signatures);
        this.problems = List.copyOf(problems);
    }

    /** A catalogue of exactly these signatures. */
    public static SignatureCatalog of(List<Signature> signatures) {
        Builder b = new Builder();
        b.add(signatures, "the caller");
        return b.build();
    }

    /** Discovers providers and JSON resources through {@code loader}. */
    public static SignatureCatalog discover(ClassLoader loader) {
        Builder b = new Builder();
        Providers.load(SignatureProvider.class, loader, new Providers.Sink<>() {
            @Override
            public void loaded(SignatureProvider provider) {
                String name = provider.getClass().getName();
                try {
                    b.add(provider.signatures(), name);
                } catch (RuntimeException | LinkageError e) {
                    b.problems.add("Signature provider " + name + " failed: " + e);
                }
            }

            @Override
            public void failed(Class<?> type, Throwable e) {
                b.problems.add(type == null ? "A signature provider could not be loaded: " + e.getMessage()
                        : "Signature provider " + type.getName() + " failed: " + e);
            }
        });
        try {
            Enumeration<URL> resources = loader.getResources(RESOURCE);
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (InputStream in = url.openStream()) {
                    b.add(SignatureJson.read(in, url.toString()), url.toString());
                } catch (IOException | IllegalArgumentException e) {
                    b.problems.add("Signature file " + url + " is invalid: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            b.problems.add("Signature files could not be listed: " + e.getMessage());
        }
        return b.build();
    }

    /** The signatures of this catalogue and those of a JSON file. */
    public SignatureCatalog withJsonFile(Path file) {
        Builder b = new Builder();
        b.add(signatures, "catalogue");
        b.problems.addAll(problems);
        try (InputStream in = Files.newInputStream(file)) {
            b.add(SignatureJson.read(in, file.toString()), file.toString());
        } catch (IOException | IllegalArgumentException e) {
            b.problems.add("Signature file " + file + " is invalid: " + e.getMessage());
        }
        return b.build();
    }

    /** The signatures of this catalogue followed by {@code more}. */
    public SignatureCatalog with(List<Signature> more) {
        Builder b = new Builder();
        b.add(signatures, "catalogue");
        b.problems.addAll(problems);
        b.add(more, "the caller");
        return b.build();
    }

    /** Reads signatures from JSON (the form shown above). */
    public static List<Signature> readJson(InputStream in, String sourceName) throws IOException {
        return SignatureJson.read(in, sourceName);
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /**
     * The signatures whose id matches one of {@code include} (all when empty) and none of
     * {@code exclude}. Patterns are globs ({@code nginx.*}); a pattern without wildcards also matches
     * every id below it ({@code nginx} matches {@code nginx.connect-refused}), as for checks.
     */
    public SignatureCatalog select(List<String> include, List<String> exclude) {
        List<IdPattern> in = include.stream().map(IdPattern::of).toList();
        List<IdPattern> out = exclude.stream().map(IdPattern::of).toList();
        List<Signature> kept = signatures.stream()
                .filter(sig -> in.isEmpty() || IdPattern.anyMatches(in, sig.id()))
                .filter(sig -> !IdPattern.anyMatches(out, sig.id()))
                .toList();
        return new SignatureCatalog(kept, problems);
    }

    /** Problems met while loading, in full sentences. */
    public List<String> problems() {
        return problems;
    }

    private static final class Builder {
        private final Map<String, Signature> byId = new LinkedHashMap<>();
        private final Map<String, String> origin = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();

        void add(List<Signature> list, String source) {
            if (list == null) {
                problems.add(source + " returned no signature list");
                return;
            }
            for (Signature s : list) {
                if (s == null) {
                    problems.add(source + " returned a null signature");
                    continue;
                }
                if (byId.containsKey(s.id())) {
                    if (!byId.get(s.id()).equals(s)) {
                        problems.add("Two signatures have the id '" + s.id() + "': one from " + origin.get(s.id())
                                + " and one from " + source + "; the first is kept.");
                    }
                    continue;
                }
                byId.put(s.id(), s);
                origin.put(s.id(), source);
            }
        }

        SignatureCatalog build() {
            return new SignatureCatalog(new ArrayList<>(byId.values()), problems);
        }
    }
}
