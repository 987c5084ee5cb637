package org.gatewaydoctor.checks.wordpress.internal.db;

/**
 * Statement text as the server reports it, made safe to show: every quoted string literal becomes {@code '?'}
 * (statements carry option values, password hashes, session tokens), keeping keywords, tables and columns.
 */
public final class SqlText {

    private SqlText() {
    }

    /**
     * Masks every {@code '...'} and {@code "..."} literal (backslash escapes and doubled quotes understood); a literal
     * cut off by a length limit is masked to the end. {@code null} stays {@code null}. Linear in the text's length.
     */
    public static String maskLiterals(String sql) {
        if (sql == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(sql.length(), 1 << 16));
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c != '\'' && c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n) {
                char d = sql.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < n && sql.charAt(j + 1) == c) {
                        j += 2;
                    } else {
                        break;
                    }
                } else {
                    j++;
                }
            }
            out.append(c).append('?').append(c);
            i = j + 1;
        }
        return out.toString();
    }
}
