package org.gatewaydoctor.internal.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.gatewaydoctor.spi.Redactor;

/**
 * The built-in {@link Redactor}, designed from a taxonomy of where secrets show up in what a
 * diagnosis reads:
 * <ol>
 *   <li><b>credentials in URLs</b>: user info ({@code https://u:secret@host}, {@code mysql://wp:secret@},
 *       passwords containing {@code /} or {@code @}, nginx's {@code "user:secret@127.0.0.1:9000"}) and
 *       query parameters named like a secret ({@code token}, {@code jwt}, {@code api_token},
 *       {@code secret_key}, {@code client_secret}, {@code password}, {@code X-Amz-Signature},
 *       percent-encoded names such as {@code pass%77ord}; {@code key}, {@code sig}, {@code code},
 *       {@code nonce} only as parameters) ({@link Userinfo}, {@link Words});</li>
 *   <li><b>headers</b>: {@code Authorization} and {@code Proxy-Authorization} (scheme kept),
 *       {@code Cookie}, {@code Set-Cookie}, {@code X-Api-Key} and the like, a bare
 *       {@code Bearer}/{@code Basic} token as HAProxy captures it ({@link Words});</li>
 *   <li><b>key/value pairs in every common syntax</b>: {@code k=v}, {@code k: v}, JSON (also escaped
 *       inside a log line), PHP arrays and {@code define()} with concatenated literals, shell
 *       variables ({@code AWS_SECRET_ACCESS_KEY=}), WordPress keys and salts in any syntax, command
 *       line options ({@code --password=}), SQL {@code IDENTIFIED BY '...'}, cookies by name
 *       ({@code wordpress_logged_in_...=}) ({@link Words}, {@link SecretNames});</li>
 *   <li><b>stack-trace arguments</b> of credential functions by position, as PHP prints them
 *       ({@link Traces});</li>
 *   <li><b>key material</b>: PEM private keys ({@link KeyMaterial}); tokens recognisable by shape
 *       (JSON Web Tokens, GitHub/GitLab/Slack/Stripe keys);</li>
 *   <li><b>registered values</b> ({@link #addSecret(String)}), wherever they appear, also escaped
 *       ({@code \/}, {@code %2F}, {@code &amp;}, {@code \x2F}, &#92;u002F, up to two levels) and
 *       as a prefix PHP cut with {@code ...} ({@link KnownSecret}).</li>
 * </ol>
 * Values are masked, names kept, so a line stays readable: {@code password=[REDACTED]}.
 *
 * <p>No regular expression runs on the text: every detector is a hand-written scanner that moves
 * forward through the text with lookaheads bounded by constants, so redaction time grows linearly
 * with the length of the text, whatever its content. Redacting twice gives the same text as once: a text in
 * which something was masked is redacted again until nothing changes (at most {@link #MAX_PASSES} passes).
 */
public final class DefaultRedactor implements Redactor {

    private static final int MIN_SECRET_LENGTH = 4;

    private final ConcurrentHashMap<String, KnownSecret> secrets = new ConcurrentHashMap<>();

    @Override
    public void addSecret(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH && !secret.equals(MASK)) {
            secrets.computeIfAbsent(secret, KnownSecret::new);
        }
    }

    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return redact(text, List.copyOf(secrets.values()));
    }

    /**
     * At most this many passes over one text. A pass masks what the detectors find, and one detector's mask can
     * hide what made another stop short (a {@code ://} after a user info's {@code @} that a cookie's mask took):
     * then a second pass masks more. So a text in which something was masked is redacted again until a pass
     * changes nothing; a pass only adds masks, so this ends. Where the detectors know the case they decide the
     * first time as a later pass would (cookie names and credentials holding an {@code =}, see {@link Words}).
     * Three passes sufficed for 1.6 million generated headers ({@code HeaderMaskPropertyTest} with 40 seeds); the
     * bound keeps the work linear whatever the text.
     */
    static final int MAX_PASSES = 4;

    /** Redacts {@code text} (read through {@code charAt} only) with the patterns and {@code known}. */
    static String redact(CharSequence text, List<KnownSecret> known) {
        return redact(text, known, s -> s);
    }

    /**
     * As {@link #redact(CharSequence, List)}; every pass after the first reads the text it is given through
     * {@code reader} (tests count the characters read).
     */
    static String redact(CharSequence text, List<KnownSecret> known, Function<String, CharSequence> reader) {
        CharSequence current = text;
        for (int pass = 1; ; pass++) {
            CharSequence t = maskKnown(current, known);
            Spans spans = new Spans();
            KeyMaterial.scan(t, spans);
            Userinfo.scan(t, spans);
            Words.scan(t, spans);
            if (spans.isEmpty()) {
                // the detectors found nothing: another pass would read this same text (registered values masked)
                return t.toString();
            }
            String next = spans.apply(t);
            if (pass == MAX_PASSES || next.contentEquals(t)) {
                return next;
            }
            current = reader.apply(next);
        }
    }

    /**
     * {@code text} with the registered values masked. They are masked first, and the patterns read the text with
     * those masks in place: a second pass sees the mask, so the first must too. Otherwise a value run together
     * with the word after it (secretpwd=v) hides a name the second pass finds ([REDACTED]pwd=v): not idempotent.
     */
    private static CharSequence maskKnown(CharSequence text, List<KnownSecret> known) {
        if (known.isEmpty()) {
            return text;
        }
        Spans found = new Spans();
        findKnown(text, known, found);
        return found.isEmpty() ? text : found.apply(text);
    }

    private static void findKnown(CharSequence text, List<KnownSecret> known, Spans spans) {
        List<Unescaped.Map> maps = new ArrayList<>(3);
        List<CharSequence> views = new ArrayList<>(3);
        views.add(text);
        maps.add(Unescaped.Map.IDENTITY);
        CharSequence current = text;
        Unescaped.Map map = Unescaped.Map.IDENTITY;
        for (int level = 0; level < 2 && Unescaped.hasEscapes(current); level++) {
            Unescaped u = Unescaped.of(current);
            map = u.map(map);
            current = u.text();
            views.add(current);
            maps.add(map);
        }
        for (KnownSecret s : known) {
            for (int v = 0; v < views.size(); v++) {
                s.find(views.get(v), maps.get(v), spans);
            }
        }
    }
}
