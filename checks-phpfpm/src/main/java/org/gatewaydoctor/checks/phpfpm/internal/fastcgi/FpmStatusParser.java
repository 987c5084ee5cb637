package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads PHP-FPM's status page in JSON ({@code ?json}, with {@code &full} for the workers), as
 * {@code fpm_status.c} writes it: {@code "start time"} in epoch seconds, {@code "request duration"} in
 * microseconds. Fields it does not know are skipped; a missing required field (pool, process manager,
 * start time, accepted conn, idle/active/total processes, max children reached) makes the page unreadable.
 * The optional ones (listen queue figures, max active processes, slow requests) are empty when absent.
 *
 * <p>Bounded: at most {@link #MAX_PROCESSES} workers are kept, nesting and string lengths are capped; never
 * throws.
 */
public final class FpmStatusParser {

    /** Workers kept from one page. */
    public static final int MAX_PROCESSES = 10_000;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(64 * 1024)
                    .maxNumberLength(64)
                    .maxDocumentLength(8L << 20)
                    .build())
            .build();

    private FpmStatusParser() {
    }

    /** A reading, or why there is none. */
    public sealed interface Parsed {
    }

    /**
     * The page as read.
     *
     * @param processesTruncated whether the page listed more than {@link #MAX_PROCESSES} workers
     */
    public record Ok(FpmStatus status, boolean processesTruncated) implements Parsed {
        public Ok {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The page could not be read. */
    public record Invalid(String why) implements Parsed {
        public Invalid {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Reads one page.
     *
     * @param json the body of {@code pm.status_path?json[&full]}
     * @param takenAt when it was read, by the caller's clock
     */
    public static Parsed parse(String json, Instant takenAt) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(takenAt, "takenAt");
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Invalid("not a JSON object");
            }
            Map<String, Object> top = new HashMap<>();
            List<FpmProcess> processes = new ArrayList<>();
            boolean truncated = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("processes") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, Object> fields = object(p);
                        if (processes.size() < MAX_PROCESSES) {
                            FpmProcess proc = process(fields);
                            if (proc == null) {
                                return new Invalid("a worker without pid or state");
                            }
                            processes.add(proc);
                        } else {
                            truncated = true;
                        }
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        return new Invalid("\"processes\" is not an array of objects");
                    }
                } else {
                    top.put(name, scalar(p, t));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return new Invalid("not a JSON object");
            }
            String missing = missing(top, "pool", "process manager", "start time", "accepted conn",
                    "idle processes", "active processes", "total processes", "max children reached");
            if (missing != null) {
                return new Invalid("no \"" + missing + "\" in the status page");
            }
            String pool = text(top.get("pool"));
            String pm = text(top.get("process manager"));
            Long start = number(top.get("start time"));
            Long accepted = number(top.get("accepted conn"));
            Long idle = number(top.get("idle processes"));
            Long active = number(top.get("active processes"));
            Long total = number(top.get("total processes"));
            Long reached = number(top.get("max children reached"));
            if (pool == null || pm == null || start == null || accepted == null || idle == null || active == null
                    || total == null || reached == null) {
                return new Invalid("a required status field has the wrong type");
            }
            Long since = number(top.get("start since"));
            FpmStatus status = new FpmStatus(pool, pm, Instant.ofEpochSecond(start), since == null ? 0 : since,
                    accepted, optional(top.get("listen queue")), optional(top.get("max listen queue")),
                    optional(top.get("listen queue len")), idle, active, total,
                    optional(top.get("max active processes")), reached, optional(top.get("slow requests")),
                    processes, takenAt);
            return new Ok(status, truncated);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = m.indexOf('\n');
            return new Invalid("status JSON unreadable: " + (nl > 0 ? m.substring(0, nl) : m));
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, scalar(p, p.nextToken()));
        }
        return fields;
    }

    /** A scalar's value (String, Long or Double), or null for anything else (skipped). */
    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("unexpected end of JSON");
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return null;
            default:
                return null;
        }
    }

    private static FpmProcess process(Map<String, Object> f) {
        Long pid = number(f.get("pid"));
        String state = text(f.get("state"));
        if (pid == null || state == null) {
            return null;
        }
        Long start = number(f.get("start time"));
        Long micros = number(f.get("request duration"));
        Object cpu = f.get("last request cpu");
        return new FpmProcess(pid, state, Instant.ofEpochSecond(start == null ? 0 : start),
                orZero(f.get("start since")), orZero(f.get("requests")),
                Duration.ofNanos(Math.multiplyExact(micros == null ? 0 : Math.max(0, micros), 1000L)),
                textOr(f.get("request method")), textOr(f.get("request uri")), orZero(f.get("content length")),
                textOr(f.get("user")), textOr(f.get("script")),
                cpu instanceof Number n ? n.doubleValue() : 0.0, orZero(f.get("last request memory")));
    }

    private static String missing(Map<String, Object> top, String... keys) {
        for (String k : keys) {
            if (!top.containsKey(k)) {
                return k;
            }
        }
        return null;
    }

    private static Long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return d.longValue();
        }
        return null;
    }

    private static long orZero(Object o) {
        Long l = number(o);
        return l == null ? 0 : l;
    }

    private static OptionalLong optional(Object o) {
        Long l = number(o);
        return l == null ? OptionalLong.empty() : OptionalLong.of(l);
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    private static String textOr(Object o) {
        return o instanceof String s ? s : "";
    }
}
