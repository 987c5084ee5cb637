package org.gatewaydoctor.facts;

import java.util.List;
import java.util.Objects;

/**
 * A host name a web server or load balancer must resolve to reach an upstream, and how it resolves it.
 *
 * <p>nginx resolves names written literally ({@code proxy_pass http://app.internal:8080}, {@code upstream}
 * servers) once, at start, with the system's resolver; a name in a {@code proxy_pass} that contains
 * variables is resolved per request with the name servers of its {@code resolver} directive only. Apache
 * resolves per connection with the system's resolver; HAProxy at start, or at run time with a
 * {@code resolvers} section.
 *
 * @param kind the software that resolves it
 * @param host the name, never a variable expression
 * @param runtime whether it is resolved while serving requests rather than once at start
 * @param resolvers the name servers the software asks for it at run time (nginx's {@code resolver}
 *     directive in effect there); empty when it uses the system's resolver or none is configured
 * @param directive the directive as written
 * @param file the configuration file of the directive
 * @param line its line
 */
public record UpstreamName(WebServer.Kind kind, String host, boolean runtime, List<Address> resolvers,
                           String directive, String file, int line) {
    public UpstreamName {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        resolvers = List.copyOf(resolvers);
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line} of the directive. */
    public String location() {
        return file + ":" + line;
    }
}
