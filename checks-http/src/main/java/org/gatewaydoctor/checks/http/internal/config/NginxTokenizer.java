package org.gatewaydoctor.checks.http.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's tokenizer, a port of {@code ngx_conf_read_token} ({@code src/core/ngx_conf_file.c}): words
 * separated by blanks, {@code "..."} and {@code '...'} quoting, backslash escapes ({@code \"},
 * {@code \'}, {@code \\}, {@code \t}, {@code \r}, {@code \n} are unescaped, any other {@code \x} is
 * kept as written), {@code #} comments at the start of a word, {@code ;} {@code {} {@code }}, {@code ${var}}
 * inside a word, and a {@code )} allowed right after a quoted word ({@code if ($a = "b")}).
 *
 * <p>It works on bytes as nginx does, and emulates nginx's 4096-byte read buffer: a word, or a comment,
 * that would not fit in it is the error nginx gives ({@code too long parameter, probably missing
 * terminating """ character} after an unterminated quote). Where nginx stops at the first error, this
 * reports it and recovers where the intent is clear (a stray {@code ;}, a {@code "a"b}, a {@code }}
 * missing the {@code ;} before it), so one typo does not hide the rest of the file; it gives up on the
 * file only after an overlong word or at the end of the file.
 */
final class NginxTokenizer {

    /** nginx's {@code NGX_CONF_BUFFER}. */
    static final int BUFFER = 4096;

    enum Result {
        /** A directive ended by {@code ;}. */
        OK,
        /** A directive ended by <code>{</code>. */
        BLOCK_START,
        /** A <code>}</code>. */
        BLOCK_DONE,
        /** The end of the file. */
        FILE_DONE,
        /** An error after which the rest of the file is not read. */
        FATAL
    }

    private final byte[] data;
    private final String file;
    private final List<ConfigProblem> problems;
    private int pos;
    private int line = 1;
    private boolean pendingBlockDone;

    /** The words of the last directive. */
    final List<String> args = new ArrayList<>();
    /** The line the last directive's first word is on. */
    int directiveLine;
    /** The current line (the line of a <code>}</code> just returned). */
    int line() {
        return line;
    }

    NginxTokenizer(byte[] data, String file, List<ConfigProblem> problems) {
        this.data = data;
        this.file = file;
        this.problems = problems;
    }

    private void error(int atLine, String message) {
        problems.add(ConfigProblem.error(file, atLine, message));
    }

    Result next() {
        args.clear();
        if (pendingBlockDone) {
            pendingBlockDone = false;
            return Result.BLOCK_DONE;
        }
        boolean found = false;
        boolean needSpace = false;
        boolean lastSpace = true;
        boolean sharpComment = false;
        boolean variable = false;
        boolean quoted = false;
        boolean sQuoted = false;
        boolean dQuoted = false;
        int start = pos;
        int startLine = line;
        directiveLine = line;

        for (;;) {
            if (pos >= data.length) {
                if (!args.isEmpty() || !lastSpace) {
                    error(line, "unexpected end of file, expecting \";\" or \"}\"");
                    return Result.FATAL;
                }
                return Result.FILE_DONE;
            }
            if (pos - start >= BUFFER) {
                if (dQuoted || sQuoted) {
                    error(startLine, "too long parameter, probably missing terminating \"" + (dQuoted ? '"' : '\'')
                            + "\" character");
                } else {
                    error(startLine, "too long parameter \"" + word(start, start + 10, false) + "...\" started");
                }
                return Result.FATAL;
            }

            byte ch = data[pos++];

            if (ch == '\n') {
                line++;
                if (sharpComment) {
                    sharpComment = false;
                }
            }
            if (sharpComment) {
                continue;
            }
            if (quoted) {
                quoted = false;
                continue;
            }

            if (needSpace) {
                if (isSpace(ch)) {
                    lastSpace = true;
                    needSpace = false;
                    continue;
                }
                if (ch == ';') {
                    return Result.OK;
                }
                if (ch == '{') {
                    return Result.BLOCK_START;
                }
                if (ch != ')') {
                    // nginx stops here; reading the character as the start of a new word recovers "a"b.
                    error(line, "unexpected \"" + (char) (ch & 0xff) + "\"");
                }
                lastSpace = true;
                needSpace = false;
            }

            if (lastSpace) {
                start = pos - 1;
                startLine = line;
                if (isSpace(ch)) {
                    continue;
                }
                switch (ch) {
                    case ';', '{' -> {
                        if (args.isEmpty()) {
                            error(line, "unexpected \"" + (char) ch + "\"");
                            if (ch == ';') {
                                continue;
                            }
                            directiveLine = line;
                        }
                        return ch == '{' ? Result.BLOCK_START : Result.OK;
                    }
                    case '}' -> {
                        if (!args.isEmpty()) {
                            // nginx stops here; ending the directive as if the ";" were there recovers it.
                            error(line, "unexpected \"}\"");
                            pendingBlockDone = true;
                            return Result.OK;
                        }
                        return Result.BLOCK_DONE;
                    }
                    case '#' -> {
                        sharpComment = true;
                        continue;
                    }
                    case '\\' -> {
                        quoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '"' -> {
                        start++;
                        dQuoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '\'' -> {
                        start++;
                        sQuoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '$' -> {
                        variable = true;
                        lastSpace = false;
                        continue;
                    }
                    default -> lastSpace = false;
                }
            } else {
                if (ch == '{' && variable) {
                    continue;
                }
                variable = false;
                if (ch == '\\') {
                    quoted = true;
                    continue;
                }
                if (ch == '$') {
                    variable = true;
                    continue;
                }
                if (dQuoted) {
                    if (ch == '"') {
                        dQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (sQuoted) {
                    if (ch == '\'') {
                        sQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (isSpace(ch) || ch == ';' || ch == '{') {
                    lastSpace = true;
                    found = true;
                }

                if (found) {
                    if (args.isEmpty()) {
                        directiveLine = startLine;
                    }
                    args.add(word(start, pos - 1, true));
                    if (ch == ';') {
                        return Result.OK;
                    }
                    if (ch == '{') {
                        return Result.BLOCK_START;
                    }
                    found = false;
                }
            }
        }
    }

    private static boolean isSpace(byte ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    /** The word in {@code data[from, to)}, unescaped as nginx does when {@code unescape}. */
    private String word(int from, int to, boolean unescape) {
        to = Math.min(to, data.length);
        if (!unescape) {
            return new String(data, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int src = from; src < to;) {
            if (data[src] == '\\' && src + 1 < data.length) {
                switch (data[src + 1]) {
                    case '"', '\'', '\\' -> src++;
                    case 't' -> {
                        out[n++] = '\t';
                        src += 2;
                        continue;
                    }
                    case 'r' -> {
                        out[n++] = '\r';
                        src += 2;
                        continue;
                    }
                    case 'n' -> {
                        out[n++] = '\n';
                        src += 2;
                        continue;
                    }
                    default -> {
                    }
                }
            }
            out[n++] = data[src++];
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
