package org.gatewaydoctor.facts;

import java.util.List;
import java.util.Objects;

/**
 * Where a web server's site serves files from: nginx's {@code root} of a {@code server} block (or of its
 * {@code location /}), Apache's {@code DocumentRoot} of the main server or a {@code <VirtualHost>}.
 *
 * @param kind which software
 * @param names the server's names ({@code server_name}, {@code ServerName} and {@code ServerAlias}); empty when it
 *     has none
 * @param root the folder, as the configuration resolves it (nginx: against its prefix)
 * @param file the configuration file of the directive, {@code ""} for a compiled-in default
 * @param line its line, 0 for a default
 */
public record DocumentRoot(WebServer.Kind kind, List<String> names, String root, String file, int line) {
    public DocumentRoot {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(names);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(file, "file");
    }

    /** Whether the server answers for {@code host} (exact, {@code *.example.org} or {@code .example.org}). */
    public boolean serves(String host) {
        if (host == null) {
            return false;
        }
        for (String n : names) {
            String name = n.toLowerCase(java.util.Locale.ROOT);
            String h = host.toLowerCase(java.util.Locale.ROOT);
            if (name.equals(h) || (name.startsWith("*.") && h.endsWith(name.substring(1)))
                    || (name.startsWith(".") && (h.endsWith(name) || h.equals(name.substring(1))))) {
                return true;
            }
        }
        return false;
    }
}
