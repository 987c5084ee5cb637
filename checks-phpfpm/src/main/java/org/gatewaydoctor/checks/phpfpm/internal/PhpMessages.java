package org.gatewaydoctor.checks.phpfpm.internal;

import java.util.Optional;
import org.gatewaydoctor.model.CauseCode;

/**
 * Recognises PHP's own fatal errors inside text PHP-FPM relays ({@code [pool www] child N said into
 * stderr: "..."}, {@code PHP message: ...}).
 *
 * <p>PHP logs errors as {@code "PHP %s:  %s in %s on line %d"} (main/main.c, {@code php_error_cb}, with
 * the type text {@code "Fatal error"} or {@code "Parse error"}), and PHP-FPM prefixes each with
 * {@code "PHP message: "} (sapi/fpm/fpm/fpm_main.c, {@code sapi_cgi_log_message}). Two fatal errors
 * have causes of their own:
 * <ul>
 *   <li>{@code "Allowed memory size of %zu bytes exhausted (tried to allocate %zu bytes)"} —
 *       Zend/zend_alloc.c, {@code zend_mm_safe_error};</li>
 *   <li>{@code "Maximum execution time of " ZEND_LONG_FMT " second%s exceeded"} —
 *       Zend/zend_execute_API.c, {@code zend_timeout}.</li>
 * </ul>
 */
public final class PhpMessages {

    /** A PHP fatal error found in a message, with the file it names. */
    public record Fatal(CauseCode cause, String detail, Optional<String> file) {
    }

    // Zend/zend_alloc.c
    static final String MEMORY = "Allowed memory size of ";
    static final String MEMORY_TAIL = " bytes exhausted";
    // Zend/zend_execute_API.c
    static final String EXEC_TIME = "Maximum execution time of ";
    static final String EXEC_TIME_TAIL = " exceeded";
    // main/main.c: "PHP %s:  %s in %s on line %d" with "Fatal error" / "Parse error"
    static final String FATAL = "PHP Fatal error:";
    static final String PARSE = "PHP Parse error:";

    private PhpMessages() {
    }

    /** The fatal error {@code text} reports, if it reports one; warnings and notices are not causes. */
    public static Optional<Fatal> fatal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int mem = text.indexOf(MEMORY);
        if (mem >= 0 && text.indexOf(MEMORY_TAIL, mem) > 0) {
            String tail = text.substring(mem);
            return Optional.of(new Fatal(CauseCode.APP_MEMORY_EXHAUSTED, firstSentence(tail),
                    WpAttribution.phpFile(tail)));
        }
        int exec = text.indexOf(EXEC_TIME);
        if (exec >= 0 && text.indexOf(EXEC_TIME_TAIL, exec) > 0) {
            String tail = text.substring(exec);
            return Optional.of(new Fatal(CauseCode.APP_EXECUTION_TIMEOUT, firstSentence(tail),
                    WpAttribution.phpFile(tail)));
        }
        int fatal = text.indexOf(FATAL);
        if (fatal < 0) {
            fatal = text.indexOf(PARSE);
        }
        if (fatal >= 0) {
            String tail = text.substring(fatal);
            return Optional.of(new Fatal(CauseCode.APP_FATAL_ERROR, firstSentence(tail), WpAttribution.phpFile(tail)));
        }
        return Optional.empty();
    }

    private static String firstSentence(String s) {
        int end = s.indexOf(" in /");
        String out = end > 0 ? s.substring(0, end) : s;
        return out.length() > 200 ? out.substring(0, 200) + "..." : out;
    }
}
