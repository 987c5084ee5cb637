package org.gatewaydoctor.checks.wordpress.internal.php;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded reader of PHP's {@code serialize()} format (php-src {@code ext/standard/var_unserializer.re}) for
 * values WordPress stores in {@code wp_options}, such as {@code active_plugins}: {@code a:2:{i:0;s:19:"akismet/
 * akismet.php";i:1;s:9:"hello.php";}}. It never instantiates anything: objects ({@code O:}) become maps, and
 * references, custom serialization ({@code C:}) and enums are refused.
 *
 * <p>Hostile input is expected (an option any plugin can write, a database restored from elsewhere): a length
 * that points past the end or does not land on {@code ";}, a count larger than the elements present, deep nesting,
 * huge numbers. Each gives a {@link Malformed} exception naming the byte offset, never an allocation sized by
 * the input: at most {@link #MAX_ELEMENTS} elements in all and {@link #MAX_DEPTH} levels are read.
 */
public final class PhpUnserialize {

    /** Most array or object elements read in one value, all levels together. */
    public static final int MAX_ELEMENTS = 100_000;
    /** Deepest nesting of arrays and objects. */
    public static final int MAX_DEPTH = 32;

    private final byte[] in;
    private int pos;
    private int elements;

    private PhpUnserialize(byte[] in) {
        this.in = in;
    }

    /** Input that is not a well-formed serialized value, or exceeds the bounds. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message, int offset) {
            super(message + " at byte " + offset);
        }
    }

    /**
     * Reads one value: a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@code null}, or a
     * {@link Map} (arrays and objects, keys {@link Long} or {@link String}, in order).
     */
    public static Object read(String serialized) throws Malformed {
        return read(serialized.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #read(String)}, from the raw bytes (string lengths count bytes). */
    public static Object read(byte[] serialized) throws Malformed {
        PhpUnserialize u = new PhpUnserialize(serialized);
        Object v = u.value(0);
        if (u.pos != u.in.length) {
            throw new Malformed("unexpected data after the value", u.pos);
        }
        return v;
    }

    /** The string values of a serialized array, in order (e.g. {@code active_plugins}); non-strings are skipped. */
    public static List<String> stringList(String serialized) throws Malformed {
        Object v = read(serialized);
        if (!(v instanceof Map<?, ?> m)) {
            throw new Malformed("not an array", 0);
        }
        List<String> out = new ArrayList<>();
        for (Object o : m.values()) {
            if (o instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    private Object value(int depth) throws Malformed {
        if (pos >= in.length) {
            throw new Malformed("unexpected end", pos);
        }
        byte type = in[pos];
        switch (type) {
            case 'N' -> {
                expect('N');
                expect(';');
                return null;
            }
            case 'b' -> {
                expect('b');
                expect(':');
                long v = integer(';');
                if (v != 0 && v != 1) {
                    throw new Malformed("a boolean that is neither 0 nor 1", pos);
                }
                return v == 1;
            }
            case 'i' -> {
                expect('i');
                expect(':');
                return integer(';');
            }
            case 'd' -> {
                expect('d');
                expect(':');
                int start = pos;
                while (pos < in.length && in[pos] != ';' && pos - start < 64) {
                    pos++;
                }
                String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
                expect(';');
                return switch (text) {
                    case "INF" -> Double.POSITIVE_INFINITY;
                    case "-INF" -> Double.NEGATIVE_INFINITY;
                    case "NAN" -> Double.NaN;
                    default -> {
                        if (!text.matches("[+-]?[0-9]{0,40}(\\.[0-9]{0,40})?([eE][+-]?[0-9]{1,4})?") || text.isEmpty()) {
                            throw new Malformed("not a number", start);
                        }
                        yield Double.parseDouble(text);
                    }
                };
            }
            case 's' -> {
                expect('s');
                expect(':');
                String s = string();
                expect(';');
                return s;
            }
            case 'a' -> {
                expect('a');
                expect(':');
                long count = integer(':');
                expect('{');
                Map<Object, Object> m = elements(count, depth);
                return m;
            }
            case 'O' -> {
                expect('O');
                expect(':');
                String cls = string();
                expect(':');
                long count = integer(':');
                expect('{');
                Map<Object, Object> m = elements(count, depth);
                m.put("__class", cls);
                return m;
            }
            default -> throw new Malformed("unsupported type '" + (char) (type & 0xff) + "'", pos);
        }
    }

    private Map<Object, Object> elements(long count, int depth) throws Malformed {
        if (depth + 1 > MAX_DEPTH) {
            throw new Malformed("nested deeper than " + MAX_DEPTH + " levels", pos);
        }
        if (count < 0 || count > MAX_ELEMENTS - elements) {
            throw new Malformed("an element count of " + count + " exceeds the limit of " + MAX_ELEMENTS, pos);
        }
        // Never sized by the count the input claims.
        Map<Object, Object> m = new LinkedHashMap<>();
        for (long k = 0; k < count; k++) {
            if (pos < in.length && in[pos] == '}') {
                throw new Malformed("the array claims " + count + " elements but holds " + k, pos);
            }
            elements++;
            int keyAt = pos;
            Object key = value(depth + 1);
            if (!(key instanceof Long) && !(key instanceof String)) {
                throw new Malformed("an array key that is neither an integer nor a string", keyAt);
            }
            m.put(key, value(depth + 1));
        }
        expect('}');
        return m;
    }

    /** {@code LEN:"bytes"}: the length must land exactly on the closing quote. */
    private String string() throws Malformed {
        long len = integer(':');
        expect('"');
        if (len < 0 || len > in.length - pos) {
            throw new Malformed("a string length of " + len + " points past the end of the input", pos);
        }
        int start = pos;
        pos += (int) len;
        if (pos >= in.length || in[pos] != '"') {
            throw new Malformed("a string length of " + len + " does not end on its closing quote", start);
        }
        String s = new String(in, start, (int) len, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    /** A decimal integer (optional sign, at most 19 digits) followed by {@code end}. */
    private long integer(char end) throws Malformed {
        int start = pos;
        boolean negative = false;
        if (pos < in.length && (in[pos] == '-' || in[pos] == '+')) {
            negative = in[pos] == '-';
            pos++;
        }
        long v = 0;
        int digits = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            if (++digits > 18) {
                throw new Malformed("a number too large", start);
            }
            v = v * 10 + (in[pos] - '0');
            pos++;
        }
        if (digits == 0) {
            throw new Malformed("a number expected", start);
        }
        expect(end);
        return negative ? -v : v;
    }

    private void expect(char c) throws Malformed {
        if (pos >= in.length || in[pos] != c) {
            throw new Malformed("'" + c + "' expected", pos);
        }
        pos++;
    }
}
