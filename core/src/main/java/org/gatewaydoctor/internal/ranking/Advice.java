package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.Evidence;

/**
 * Advice said once: the fix steps and confirmations of every check that reported a cause, merged into one
 * list each.
 *
 * <p>Two steps say the same when, after normalising (lower case, punctuation and small words dropped, a
 * plural {@code s} cut), at least {@link #SAME} of the words of the shorter one are in the other (and it has
 * at least {@link #MIN_WORDS} words): "set request_slowlog_timeout = 5s and slowlog ... read the stack traces"
 * twice, or two versions of the pm.max_children sizing. The merged list keeps the position of the first and
 * the text of the more detailed (the one with more words; of two
 * as detailed, the first in text order, so that the result does not depend on the order checks report in). A confirmation is dropped when what it asks for is
 * already in the evidence: a text it quotes appears in an evidence line, or it names a check that reported
 * the cause; one that stays names where it can be read ({@code --fpm-config}, {@code --local}, the slow log)
 * when it does not say so itself.
 */
final class Advice {

    /** Share of the shorter step's words the other must contain for the two to be one step. */
    static final double SAME = 0.6;
    /** Steps with fewer normalised words are only merged when equal. */
    static final int MIN_WORDS = 3;

    private static final Set<String> SMALL = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "at",
            "for", "by", "with", "it", "its", "is", "are", "be", "as", "if", "then", "that", "this", "these", "those",
            "from", "into", "so", "than", "what", "when", "which", "who", "only", "e.g", "eg", "i.e", "ie", "your",
            "their", "there", "them", "they", "each", "every", "any", "all", "not", "no", "do", "does");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_.\\-/=:]*");
    private static final Pattern QUOTED = Pattern.compile("(?<![\\p{L}\\p{N}])['\"‘“]([^'\"’”]{6,}?)['\"’”](?![\\p{L}\\p{N}])");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** An errno as nginx and Apache print it: {@code (11: Resource temporarily unavailable)}. */
    private static final Pattern ERRNO = Pattern.compile("\\((\\d+: [^)]{4,})\\)");

    /**
     * Where the thing a confirmation asks for can be read, for the confirmations that do not say: the first
     * entry whose words the confirmation contains wins. The options are the command line's.
     */
    private static final List<List<String>> WHERE = List.of(
            List.of("slowlog", "the pool's slowlog file (slowlog = in the pool), given with --logs"),
            List.of("slow log", "the pool's slowlog file (slowlog = in the pool), given with --logs"),
            List.of("status page", "asked live by the phpfpm.status check when the pool sets pm.status_path: give "
                    + "--fpm-config FILE or --local"),
            List.of("pm.status_path", "asked live by the phpfpm.status check when the pool sets pm.status_path: give "
                    + "--fpm-config FILE or --local"),
            List.of("php-fpm log", "give it with --logs (e.g. /var/log/php8.2-fpm.log), or --local to find it"),
            List.of("php-fpm's log", "give it with --logs (e.g. /var/log/php8.2-fpm.log), or --local to find it"),
            List.of("master process", "the phpfpm.process check looks with --local"),
            List.of("kernel log", "give it with --logs (/var/log/kern.log, or journalctl -k > file)"),
            List.of("access log", "give it with --logs"),
            List.of("error log", "give it with --logs, or --local to find it through the configuration"));

    /**
     * Lines that answer a confirmation without being quoted by it, wherever in the diagnosis they are: PHP-FPM
     * killing a request at {@code request_terminate_timeout} ({@code fpm_request.c}: {@code child 2211, script
     * '/var/www/wp-admin/admin-ajax.php' (request: "POST /wp-admin/admin-ajax.php") execution timed out (61.002345
     * sec), terminating}; PHP-FPM 5 without the request) names the script and how long it ran, which is what the
     * slowlog would be enabled and read for.
     */
    private static final List<Answer> ANSWERS = List.of(new Answer(
            Pattern.compile(" execution timed out \\([0-9]{1,10}\\.[0-9]{6} sec\\), terminating"),
            List.of("slowlog", "slow log")));

    /** A kind of line, and the words of the confirmations it answers. */
    private record Answer(Pattern line, List<String> asks) {
    }

    private Advice() {
    }

    /** The steps in order, each said once. */
    static List<String> steps(Collection<String> raw) {
        List<String> out = new ArrayList<>();
        List<Set<String>> words = new ArrayList<>();
        for (String step : raw) {
            String text = step.strip();
            if (text.isEmpty()) {
                continue;
            }
            Set<String> w = words(text);
            int same = -1;
            for (int i = 0; i < out.size() && same < 0; i++) {
                if (same(w, words.get(i), text, out.get(i))) {
                    same = i;
                }
            }
            if (same < 0) {
                out.add(text);
                words.add(w);
            } else if (w.size() > words.get(same).size()
                    || (w.size() == words.get(same).size() && text.compareTo(out.get(same)) < 0)) {
                out.set(same, text);
                words.set(same, w);
            }
        }
        return out;
    }

    /** The confirmations not yet observed, each said once. */
    static List<String> confirmations(Collection<String> raw, List<Evidence> evidence, Collection<String> reportedBy) {
        return confirmations(raw, evidence, reportedBy, List.of());
    }

    /**
     * The confirmations not yet observed in the cause's own {@code evidence}, nor answered by a line anywhere in
     * the diagnosis ({@code everywhere}, see {@link #ANSWERS}), each said once: what is left is what would still
     * decide between the causes.
     */
    static List<String> confirmations(Collection<String> raw, List<Evidence> evidence, Collection<String> reportedBy,
                                      List<Evidence> everywhere) {
        List<String> seen = new ArrayList<>();
        for (Evidence e : evidence) {
            seen.add(flat(e.describe()));
        }
        List<String> open = new ArrayList<>();
        for (String c : raw) {
            if (!observed(c, seen, reportedBy) && !answered(c, everywhere)) {
                open.add(c);
            }
        }
        return steps(open).stream().map(Advice::where).toList();
    }

    /** Whether a line of the diagnosis answers {@code confirmation} (see {@link #ANSWERS}). */
    private static boolean answered(String confirmation, List<Evidence> everywhere) {
        String text = confirmation.toLowerCase(Locale.ROOT);
        for (Answer a : ANSWERS) {
            if (a.asks().stream().anyMatch(text::contains) && everywhere.stream()
                    .anyMatch(e -> e instanceof Evidence.LogLine l && a.line().matcher(l.text()).find())) {
                return true;
            }
        }
        return false;
    }

    /** The confirmation with where to read it appended, when it names a source and no option. */
    static String where(String confirmation) {
        String text = confirmation.toLowerCase(Locale.ROOT);
        if (text.contains("--")) {
            return confirmation;
        }
        for (List<String> w : WHERE) {
            if (text.contains(w.get(0))) {
                return confirmation + " (" + w.get(1) + ")";
            }
        }
        return confirmation;
    }

    private static boolean observed(String confirmation, List<String> evidence, Collection<String> reportedBy) {
        for (Pattern p : List.of(QUOTED, ERRNO)) {
            Matcher m = p.matcher(confirmation);
            while (m.find()) {
                String quoted = flat(m.group(1));
                if (evidence.stream().anyMatch(e -> e.contains(quoted))) {
                    return true;
                }
            }
        }
        String text = confirmation.toLowerCase(Locale.ROOT);
        for (String check : reportedBy) {
            if (Pattern.compile("(?<![\\w.])" + Pattern.quote(check.toLowerCase(Locale.ROOT)) + "(?![\\w])")
                    .matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    static boolean same(Set<String> a, Set<String> b, String aText, String bText) {
        if (flat(aText).equals(flat(bText))) {
            return true;
        }
        int min = Math.min(a.size(), b.size());
        if (min < MIN_WORDS) {
            return false;
        }
        Set<String> shorter = a.size() <= b.size() ? a : b;
        Set<String> longer = shorter == a ? b : a;
        long common = shorter.stream().filter(longer::contains).count();
        return common >= SAME * min;
    }

    /** The normalised words of a text. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            while (!w.isEmpty() && ".-/=:".indexOf(w.charAt(w.length() - 1)) >= 0) {
                w = w.substring(0, w.length() - 1);
            }
            if (w.endsWith("'s")) {
                w = w.substring(0, w.length() - 2);
            }
            if (w.isEmpty() || SMALL.contains(w)) {
                continue;
            }
            if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && w.chars().allMatch(Character::isLetter)) {
                w = w.substring(0, w.length() - 1);
            }
            out.add(w);
        }
        return out;
    }

    private static String flat(String s) {
        return SPACES.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
