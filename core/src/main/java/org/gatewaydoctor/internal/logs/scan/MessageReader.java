package org.gatewaydoctor.internal.logs.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one signature's pattern on a candidate line and takes its named groups, the way the scanner does:
 * a pattern that ends with nginx's request context ({@link RequestContext#REGEX}) and/or a PHP error's file
 * ({@link PhpRelay#FILE}) runs only its message part as an expression and reads those ends by hand; a message
 * of nginx's relayed stderr ({@link PhpRelay#STDERR}) is found by {@link PhpRelay.Stderr}. Every other pattern
 * (and every line with a surrogate, when a PHP part is read by hand) runs whole. Same match, same fields,
 * either way (the equivalence tests in checks-http and checks-phpfpm).
 *
 * <p>A reader keeps its {@link Matcher}s: not thread-safe; {@link #copy()} gives another thread its own.
 */
public final class MessageReader {

    private final Pattern whole;
    private final List<String> wholeNames;
    /** The message part, or null when the pattern runs whole. */
    private final Pattern message;
    private final List<String> messageNames;
    private final boolean context;
    private final boolean phpFile;
    private final PhpRelay.Stderr stderr;
    private Matcher wholeMatcher;
    private Matcher messageMatcher;

    private MessageReader(Pattern whole, List<String> wholeNames, Pattern message, List<String> messageNames,
                          boolean context, boolean phpFile, PhpRelay.Stderr stderr) {
        this.whole = whole;
        this.wholeNames = wholeNames;
        this.message = message;
        this.messageNames = messageNames;
        this.context = context;
        this.phpFile = phpFile;
        this.stderr = stderr;
    }

    /** The reader of {@code pattern} (with the same flags: none, for a part to be read by hand). */
    public static MessageReader of(Pattern pattern) {
        List<String> names = ScanEngine.groupNames(pattern);
        Pattern message = RequestContext.split(pattern);
        boolean context = message != null;
        String src = context ? message.pattern() : pattern.pattern();
        boolean phpFile = pattern.flags() == 0 && src.endsWith(PhpRelay.FILE)
                && src.length() > PhpRelay.FILE.length();
        if (phpFile) {
            src = src.substring(0, src.length() - PhpRelay.FILE.length());
            try {
                message = Pattern.compile(src);
            } catch (RuntimeException e) {
                message = null; // not an expression on its own: runs whole
                context = false;
                phpFile = false;
            }
        }
        if (message == null) {
            return new MessageReader(pattern, names, null, List.of(), false, false, null);
        }
        return new MessageReader(pattern, names, message, ScanEngine.groupNames(message), context, phpFile,
                PhpRelay.Stderr.of(src));
    }

    /** A reader of the same pattern with matchers of its own (for another thread). */
    public MessageReader copy() {
        return new MessageReader(whole, wholeNames, message, messageNames, context, phpFile, stderr);
    }

    /** Whether some part of the pattern is read by hand (false: it always runs whole). */
    public boolean byHand() {
        return message != null;
    }

    /** Whether nginx's relayed stderr is found by hand ({@link PhpRelay.Stderr}). */
    public boolean stderrByHand() {
        return stderr != null;
    }

    /** Whether the PHP file is read by hand ({@link PhpRelay#readFile}). */
    public boolean phpFileByHand() {
        return phpFile;
    }

    /**
     * Finds the pattern in {@code text} ({@link Matcher#find()}): its named groups that took part, in the
     * pattern's order of groups read, or null when it does not match.
     */
    public Map<String, String> read(String text) {
        return read(text, 0);
    }

    /**
     * As {@link #read(String)}, for a {@code text} known to hold no line break (the decoded bytes of one log line):
     * the hand readers then skip their searches for one. Same result as {@link #read(String)} on such a text.
     */
    public Map<String, String> readOneLine(String text) {
        return read(text, 0, true);
    }

    /**
     * As {@link #read(String)}; {@code countable} says whether {@code text} is known to hold no surrogate
     * (1), to hold one (-1), or not known (0).
     */
    Map<String, String> read(String text, int countable) {
        return read(text, countable, false);
    }

    /**
     * As {@link #read(String, int)}; {@code oneLine} says that {@code text} is known to hold no line break (the
     * decoded bytes of one line), so that the hand readers need not look for one: same result, fewer scans.
     */
    Map<String, String> read(String text, int countable, boolean oneLine) {
        return read(text, countable, oneLine, null, 0);
    }

    /**
     * As {@link #read(String, int, boolean)}; when {@code bytes} is not null, {@code text} is known to be the bytes
     * {@code bytes[off, off + text.length())}, all ASCII and none NUL, of one line: the PHP file and the request
     * context are then read on those bytes ({@link PhpRelay#readFile(byte[], int, int, int, Map)},
     * {@link RequestContext#read(byte[], int, int, int, Map)}), with the same result.
     */
    Map<String, String> read(String text, int countable, boolean oneLine, byte[] bytes, int off) {
        if (message == null || ((phpFile || stderr != null)
                && (countable < 0 || (countable == 0 && !PhpRelay.countable(text))))) {
            Matcher m = wholeMatcher == null ? (wholeMatcher = whole.matcher(text)) : wholeMatcher.reset(text);
            if (!m.find()) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            groups(m, wholeNames, fields);
            return fields;
        }
        Matcher m;
        if (stderr != null) {
            m = stderr.find(text, messageMatcher, oneLine);
            if (m == null) {
                return null;
            }
            messageMatcher = m;
        } else {
            m = messageMatcher == null ? (messageMatcher = message.matcher(text)) : messageMatcher.reset(text);
            if (!m.find()) {
                return null;
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        groups(m, messageNames, fields);
        int end = m.end();
        if (phpFile) {
            end = bytes != null ? PhpRelay.readFile(bytes, off, text.length(), end, fields)
                    : PhpRelay.readFile(text, end, fields, oneLine);
        }
        if (context) {
            if (bytes != null) {
                RequestContext.read(bytes, off, text.length(), end, fields);
            } else {
                RequestContext.read(text, end, fields, oneLine);
            }
        }
        return fields;
    }

    /** Whether a line needs {@link PhpRelay#countable} checked before this reader reads it by hand. */
    boolean needsCountable() {
        return message != null && (phpFile || stderr != null);
    }

    private static void groups(Matcher m, List<String> names, Map<String, String> fields) {
        for (String name : names) {
            String v = m.group(name);
            if (v != null) {
                fields.put(name, v);
            }
        }
    }

    /** The names of {@code p}'s named groups, in order (for tests). */
    public static List<String> names(Pattern p) {
        return new ArrayList<>(ScanEngine.groupNames(p));
    }
}
