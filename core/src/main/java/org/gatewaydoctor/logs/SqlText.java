package org.gatewaydoctor.logs;

/**
 * SQL statements as logs write them, made safe to show. A database's slow query log (and its general log) holds
 * statements in clear text: MariaDB writes {@code CREATE USER ... IDENTIFIED BY '<password>'} and the values of
 * every {@code INSERT} into its slow log. {@link #maskLiterals} keeps a statement's shape and drops its data.
 *
 * <pre>{@code
 * SqlText.maskLiterals("SELECT * FROM wp_users WHERE user_email = 'owner@example.org'")
 *     // SELECT * FROM wp_users WHERE user_email = '?'
 * }</pre>
 */
public final class SqlText {

    private SqlText() {
    }

    /**
     * {@code statement} with every quoted literal ({@code '...'} or {@code "..."}, with backslash and doubled-quote
     * escapes; an unterminated one runs to the end) replaced by {@code '?'}. Back-quoted names stay. Never throws.
     */
    public static String maskLiterals(String statement) {
        StringBuilder out = new StringBuilder(statement.length());
        int i = 0;
        int n = statement.length();
        while (i < n) {
            char c = statement.charAt(i);
            if (c == '`') {
                int close = statement.indexOf('`', i + 1);
                int end = close < 0 ? n : close + 1;
                out.append(statement, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    char d = statement.charAt(j);
                    if (d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && statement.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.append("'?'");
                i = Math.min(n, j + 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
