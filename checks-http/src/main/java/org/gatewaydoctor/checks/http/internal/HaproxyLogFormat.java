package org.gatewaydoctor.checks.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser;

/**
 * HAProxy's log lines in the layout a configuration chose: {@code log-format} strings (HAProxy's
 * configuration manual, section 8.2.6 "Custom log format": {@code %var}, {@code %{+Q}var}, {@code %[sample]},
 * {@code %%}), and the layouts {@code option tcplog} and {@code option httplog clf} stand for. The default
 * {@code option httplog} layout is left to the signature catalogue, which reads it without a configuration.
 *
 * <p>A format compiles to one regular expression over the line HAProxy wrote (after a syslog header, if any:
 * {@code ... haproxy[pid]: }), with the fields that decide a cause as named groups: the termination state
 * ({@code %ts}, or the first two characters of {@code %tsc}), the status ({@code %ST}), frontend, backend,
 * server, client and accept date. A format without {@code %ts}/{@code %tsc} compiles too, but
 * {@link Compiled#hasState()} is false: such lines cannot tell who ended a request, and the check says so.
 *
 * <pre>{@code
 * for (HaproxyLogFormat.Custom c : HaproxyLogFormat.of(Path.of("/etc/haproxy/haproxy.cfg"))) {
 *     HaproxyLogFormat.compile(c.format()).match(line).ifPresent(f -> System.out.println(f.state()));
 * }
 * }</pre>
 */
public final class HaproxyLogFormat {

    /** {@code option tcplog} (configuration manual 8.2.2). */
    public static final String TCPLOG = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";
    /** {@code option httplog}: read by the catalogue's signatures, not here (configuration manual 8.2.3). */
    public static final String HTTPLOG = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc "
            + "%ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    /** {@code option httplog clf} (configuration manual 8.2.3). */
    public static final String HTTPLOG_CLF = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw "
            + "%Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";
    /** Longest format compiled; longer ones are not HAProxy's (its line buffer is 1 KiB by default). */
    static final int MAX_FORMAT = 4096;
    /** Variables whose values are numbers (or {@code -} when absent). */
    private static final Set<String> NUMERIC = Set.of("B", "U", "TR", "Tw", "Tc", "Tr", "Ta", "Tt", "Th", "Ti", "Tq",
            "Td", "Tu", "Ts", "ac", "fc", "bc", "sc", "rc", "sq", "bq", "cp", "bp", "fp", "sp", "lc", "rt", "pid", "ms");
    /** Variables whose values hold no blank. */
    private static final Set<String> WORD = Set.of("ci", "bi", "fi", "si", "f", "ft", "b", "s", "t", "tr", "H", "HM",
            "HU", "HP", "HQ", "HV", "CC", "CS", "sslc", "sslv", "ID");

    private HaproxyLogFormat() {
    }

    /**
     * The log layout of one frontend or listen section that the catalogue cannot read by itself.
     *
     * @param proxy the section's name
     * @param format the {@code log-format} string in effect (its own, or its {@code defaults} section's), or
     *     {@link #TCPLOG} / {@link #HTTPLOG_CLF}
     * @param file the configuration file
     * @param line where the format was set
     */
    public record Custom(String proxy, String format, String file, int line) {
    }

    /** The custom layouts of the frontends and listens of the configuration at {@code cfg}; empty when unreadable. */
    public static List<Custom> of(Path cfg) {
        if (!Files.isRegularFile(cfg)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(cfg)) {
            byte[] data = in.readNBytes((int) HaproxyParser.MAX_BYTES + 1);
            if (data.length > HaproxyParser.MAX_BYTES) {
                return List.of();
            }
            return of(cfg.toString(), new String(data, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The custom layouts of {@code text}, a HAProxy configuration: per {@code frontend} and {@code listen},
     * the last of {@code log-format}, {@code option httplog [clf]}, {@code option tcplog} in the section, else
     * in the {@code defaults} section before it (HAProxy's inheritance). Sections logging in the default
     * {@code option httplog} layout, or setting none, are left out.
     */
    public static List<Custom> of(String file, String text) {
        List<Custom> out = new ArrayList<>();
        String defaults = null;
        int defaultsLine = 0;
        String section = null;
        String name = null;
        String format = null;
        int formatLine = 0;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            List<String> words = words(raw);
            if (words.isEmpty()) {
                continue;
            }
            String k = words.get(0).toLowerCase(Locale.ROOT);
            if (Set.of("global", "defaults", "frontend", "backend", "listen", "resolvers", "userlist", "peers",
                    "mailers", "program", "http-errors", "ring", "cache").contains(k)) {
                close(out, file, section, name, format, formatLine);
                section = k;
                name = words.size() > 1 ? words.get(1) : "";
                format = section.equals("frontend") || section.equals("listen") ? defaults : null;
                formatLine = defaultsLine;
                continue;
            }
            String set = null;
            if (k.equals("log-format") && words.size() > 1) {
                set = words.get(1);
            } else if (k.equals("option") && words.size() > 1 && words.get(1).equals("httplog")) {
                set = words.size() > 2 && words.get(2).equals("clf") ? HTTPLOG_CLF : HTTPLOG;
            } else if (k.equals("option") && words.size() > 1 && words.get(1).equals("httpslog")) {
                set = HTTPLOG; // httplog's layout with TLS fields after the request: the catalogue reads it
            } else if (k.equals("option") && words.size() > 1 && words.get(1).equals("tcplog")) {
                set = TCPLOG;
            }
            if (set == null || section == null) {
                continue;
            }
            if (section.equals("defaults")) {
                defaults = set;
                defaultsLine = lineNo;
            } else if (section.equals("frontend") || section.equals("listen")) {
                format = set;
                formatLine = lineNo;
            }
        }
        close(out, file, section, name, format, formatLine);
        return out;
    }

    private static void close(List<Custom> out, String file, String section, String name, String format, int line) {
        if (format != null && (Set.of("frontend", "listen").contains(section)) && !normal(format).equals(normal(HTTPLOG))
                && format.length() <= MAX_FORMAT) {
            out.add(new Custom(name, format, file, line));
        }
    }

    private static String normal(String format) {
        return format.strip().replaceAll("\\s+", " ");
    }

    /** One configuration line into words as HAProxy splits it; none when HAProxy refuses it (an open quote). */
    static List<String> words(String line) {
        HaproxyParser.Split split = HaproxyParser.split(line);
        return split.unmatchedQuote() != 0 ? List.of() : split.words();
    }

    /**
     * A compiled layout.
     *
     * @param format the format string
     * @param pattern the expression over a line's payload
     * @param hasState whether the layout logs the termination state ({@code %ts} or {@code %tsc})
     * @param hasStatus whether it logs the HTTP status ({@code %ST})
     * @param literal the longest fixed text of the layout, which every line of it contains (a cheap first test)
     */
    public record Compiled(String format, Pattern pattern, boolean hasState, boolean hasStatus, String literal) {

        /** The fields of {@code line} (with or without its syslog header) if it is a line of this layout. */
        public Optional<Fields> match(String line) {
            if (!line.contains(literal.strip())) {
                return Optional.empty(); // most lines of other programs end here, before any expression runs
            }
            String payload = payload(line);
            if (payload.length() > MAX_FORMAT * 4) {
                return Optional.empty();
            }
            Matcher m = pattern.matcher(payload);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Fields(group(m, "state"), group(m, "status"), group(m, "frontend"),
                    group(m, "backend"), group(m, "server"), group(m, "client"), group(m, "date")));
        }

        private static String group(Matcher m, String name) {
            try {
                return m.group(name);
            } catch (IllegalArgumentException e) {
                return null; // the layout has no such field
            }
        }
    }

    /**
     * What one line says.
     *
     * @param state the termination state's two letters ({@code SH}, {@code sC}, {@code --}), or null
     * @param status the HTTP status, or null
     * @param frontend the frontend, or null
     * @param backend the backend, or null
     * @param server the server ({@code <NOSRV>} when none was usable), or null
     * @param client the client address, or null
     * @param date the accept date as written ({@code 07/Dec/2026:11:53:42.856}), or null
     */
    public record Fields(String state, String status, String frontend, String backend, String server, String client,
                         String date) {

        /** The accept date in {@code zone} (HAProxy writes local time), or null. */
        public Instant at(ZoneId zone) {
            if (date == null) {
                return null;
            }
            String d = date.length() > 20 ? date.substring(0, 20) : date;
            try {
                return LocalDateTime.parse(d, DATE).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
    private static final Pattern SYSLOG_TAG = Pattern.compile("^.{0,256}?\\bhaproxy\\[[0-9]{1,10}\\]: ");

    /** The line HAProxy wrote, without the syslog header a relay put before it. */
    public static String payload(String line) {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        Matcher m = SYSLOG_TAG.matcher(s);
        return m.find() ? s.substring(m.end()) : s;
    }

    /** The time of a line's RFC 3339 syslog header ({@code 2026-11-21T20:45:16.543907+00:00 host haproxy[..]}), or null. */
    static Instant headerTime(String line) {
        int sp = line.indexOf(' ');
        if (sp < 20 || sp > 40 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(line.substring(0, sp)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Compiles a {@code log-format} string. Never throws: what it does not know (a variable HAProxy added later,
     * a sample fetch) matches any text.
     */
    public static Compiled compile(String format) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        String longest = "";
        Set<String> named = new HashSet<>();
        boolean quoteAll = false;
        boolean state = false;
        boolean status = false;
        int n = Math.min(format.length(), MAX_FORMAT);
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= n) {
                lit.append(c);
                i++;
                continue;
            }
            char d = format.charAt(i + 1);
            if (d == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            // a variable: flush the text before it
            longest = lit.length() > longest.length() ? lit.toString() : longest;
            re.append(text(lit));
            lit.setLength(0);
            i++;
            Boolean quote = null;
            if (format.charAt(i) == '{') {
                int close = format.indexOf('}', i);
                if (close < 0) {
                    break;
                }
                String flags = format.substring(i + 1, close);
                if (flags.contains("+Q")) {
                    quote = true;
                } else if (flags.contains("-Q")) {
                    quote = false;
                }
                i = close + 1;
            }
            String value;
            String var;
            if (i < n && format.charAt(i) == '[') {
                int close = format.indexOf(']', i);
                i = close < 0 ? n : close + 1;
                var = "[";
                value = ".*?";
            } else {
                int start = i;
                while (i < n && Character.isLetter(format.charAt(i))) {
                    i++;
                }
                var = format.substring(start, i);
                if (var.equals("o")) {
                    quoteAll = Boolean.TRUE.equals(quote); // flags for every variable after it
                    continue;
                }
                value = value(var, named);
                state |= var.equals("ts") || var.equals("tsc");
                status |= var.equals("ST");
            }
            boolean quoted = quote != null ? quote : quoteAll;
            re.append(quoted ? "\"?(?:" + value + ")\"?" : "(?:" + value + ")");
        }
        longest = lit.length() > longest.length() ? lit.toString() : longest;
        re.append(text(lit));
        return new Compiled(format, Pattern.compile(re + "\\s*", Pattern.DOTALL), state, status, longest);
    }

    /**
     * Fixed text of a format. Blanks are separators to HAProxy: a run of them is written as one blank, and not
     * at all around a variable that wrote nothing (an empty {@code %hrl}), so a run matches any number of blanks.
     */
    private static String text(CharSequence lit) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < lit.length()) {
            int j = i;
            boolean blank = lit.charAt(i) == ' ';
            while (j < lit.length() && (lit.charAt(j) == ' ') == blank) {
                j++;
            }
            re.append(blank ? " *" : Pattern.quote(lit.subSequence(i, j).toString()));
            i = j;
        }
        return re.toString();
    }

    private static String value(String var, Set<String> named) {
        String name = switch (var) {
            case "ts", "tsc" -> "state";
            case "ST" -> "status";
            case "f", "ft" -> "frontend";
            case "b" -> "backend";
            case "s" -> "server";
            case "ci" -> "client";
            case "t", "tr" -> "date";
            default -> null;
        };
        String body = switch (var) {
            case "ts" -> "[A-Za-z-]{2}";
            case "tsc" -> "[A-Za-z-]{2}";
            case "ST" -> "-?[0-9]{1,4}";
            default -> NUMERIC.contains(var) ? "[+-]?[0-9]{1,20}|-" : WORD.contains(var) ? "\\S*?" : ".*?";
        };
        String suffix = var.equals("tsc") ? "[A-Za-z-]{2}" : "";
        if (name != null && named.add(name)) {
            return "(?<" + name + ">" + body + ")" + suffix;
        }
        return (name == null ? body : "(?:" + body + ")") + suffix;
    }

    /** The layouts, compiled once each, with the proxies that use them. */
    public static Map<Compiled, List<Custom>> compileAll(List<Custom> customs) {
        Map<String, Compiled> byFormat = new LinkedHashMap<>();
        Map<Compiled, List<Custom>> out = new LinkedHashMap<>();
        for (Custom c : customs) {
            Compiled k = byFormat.computeIfAbsent(c.format(), HaproxyLogFormat::compile);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
        }
        return out;
    }
}
