package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Recognises IP literals without ever resolving anything. */
public final class IpLiteral {

    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** Whether {@code text} is an IPv4 or IPv6 literal (no brackets, no zone). */
    public static boolean is(String text) {
        return parse(text).isPresent();
    }

    /** The address of an IP literal; empty for anything else (host names are never looked up). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!V4.matcher(t).matches() && !V6.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            // a literal matching the patterns above is parsed, never resolved
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
