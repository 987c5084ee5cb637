package org.gatewaydoctor.facts;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.gatewaydoctor.model.ErrorSource;

/**
 * The value of {@link Facts#PROBED_PAGE}: the error page the live probe got, and who wrote it. The application's
 * checks tie it to what they find (WordPress's "Error establishing a database connection" page to the database it
 * names, its critical-error page to the fatal error in PHP's log).
 *
 * @param url the address that answered (after redirects on the same host)
 * @param status the HTTP status the probe got
 * @param source who wrote the page, as the error-page catalogue attributes it
 * @param page the id of the catalogue page that matched ({@code wordpress.database-connection}), {@code null} when
 *     the attribution rests on headers alone or on nothing
 * @param at when the response was received
 */
public record ProbedPage(URI url, int status, ErrorSource source, String page, Instant at) {
    public ProbedPage {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }

    /** Whether the page is the catalogue's {@code id}. */
    public boolean is(String id) {
        return id.equals(page);
    }
}
