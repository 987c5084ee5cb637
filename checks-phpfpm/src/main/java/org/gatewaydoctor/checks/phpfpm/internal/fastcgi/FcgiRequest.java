package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FastCGI responder request without a body: its CGI parameters, in order.
 *
 * @param params the parameters sent in {@code PARAMS}
 */
public record FcgiRequest(List<Param> params) {

    /** One CGI parameter. */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty parameter name");
            }
        }
    }

    public FcgiRequest {
        params = List.copyOf(params);
    }

    /**
     * A GET of one of PHP-FPM's own pages, with the parameters {@code cgi-fcgi} users set and nginx's
     * {@code fastcgi_params} would send: PHP-FPM recognises its status and ping pages by
     * {@code SCRIPT_NAME}, before it looks for a script.
     *
     * @param path the page, e.g. {@code /status}
     * @param query the query string without '?', e.g. {@code json&full}; empty for none
     */
    public static FcgiRequest get(String path, String query) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        List<Param> p = new ArrayList<>();
        p.add(new Param("GATEWAY_INTERFACE", "CGI/1.1"));
        p.add(new Param("SERVER_SOFTWARE", "gateway-doctor"));
        p.add(new Param("SERVER_PROTOCOL", "HTTP/1.1"));
        p.add(new Param("REQUEST_METHOD", "GET"));
        p.add(new Param("SCRIPT_NAME", path));
        p.add(new Param("SCRIPT_FILENAME", path));
        p.add(new Param("DOCUMENT_URI", path));
        p.add(new Param("REQUEST_URI", query.isEmpty() ? path : path + "?" + query));
        p.add(new Param("QUERY_STRING", query));
        p.add(new Param("CONTENT_TYPE", ""));
        p.add(new Param("CONTENT_LENGTH", ""));
        p.add(new Param("SERVER_NAME", "localhost"));
        p.add(new Param("HTTP_HOST", "localhost"));
        return new FcgiRequest(p);
    }
}
