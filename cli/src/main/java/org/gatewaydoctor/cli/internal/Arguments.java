package org.gatewaydoctor.cli.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for option values that the model would reject later with a less helpful message. */
public final class Arguments {

    /** {@code mailto:x}, {@code data:...}: a scheme, not a host followed by a port. */
    private static final Pattern OTHER_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])");

    private Arguments() {
    }

    /**
     * Parses a site URL: {@code http://} or {@code https://} with a host name. A bare host name
     * ({@code example.org}, {@code example.org:8443/shop/}) means {@code https://}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static URI url(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the URL is empty");
        }
        String s = text.strip();
        if (!s.contains("://")) {
            if (OTHER_SCHEME.matcher(s).lookingAt()) {
                throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL");
            }
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host name");
        }
        // URI accepts any digits as a port; a socket does not: 0 would silently mean "the default", and
        // 99999 fails later as a check error instead of a usage error
        if (uri.getPort() == 0 || uri.getPort() > 65535 || uri.getPort() < -1) {
            throw new IllegalArgumentException("the URL's port " + uri.getPort() + " is not a TCP port (1 to 65535)");
        }
        return uri;
    }

    /**
     * Why a path that leads to nothing is missing, in words: a symbolic link loop, a dangling link, or
     * {@code no such file}.
     */
    public static String missing(java.nio.file.Path p) {
        if (java.nio.file.Files.isSymbolicLink(p)) {
            try {
                p.toRealPath();
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason();
                if (reason != null && reason.toLowerCase(Locale.ROOT).contains("levels of symbolic links")) {
                    return "a symbolic link loop (40: Too many levels of symbolic links)";
                }
                try {
                    return "a symbolic link to " + java.nio.file.Files.readSymbolicLink(p) + ", which does not exist";
                } catch (java.io.IOException ignored) {
                    return "a symbolic link that leads nowhere";
                }
            } catch (java.io.IOException e) {
                return "a symbolic link that leads nowhere";
            }
        }
        return "no such file";
    }

    /**
     * Parses a time zone: a region ({@code Europe/Berlin}), an offset ({@code +02:00}), {@code UTC},
     * or {@code local} for this machine's zone.
     */
    public static ZoneId zone(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the time zone is empty");
        }
        String s = text.strip();
        if (s.equalsIgnoreCase("local") || s.equalsIgnoreCase("system")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(s.equalsIgnoreCase("utc") ? "UTC" : s);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text
                    + "'; use e.g. UTC, Europe/Berlin, +02:00 or local");
        }
    }

    /** The picocli converter for {@link #url(String)}. */
    public static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return url(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The picocli converter for {@link #zone(String)}. */
    public static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return zone(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
