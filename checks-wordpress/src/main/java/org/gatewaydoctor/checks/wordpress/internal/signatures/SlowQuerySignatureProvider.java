package org.gatewaydoctor.checks.wordpress.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The slow query log's signature: an entry whose statement ran {@link #THRESHOLD_SECONDS} s or more. The scanner joins
 * each entry of a MariaDB/MySQL slow query log ({@link LogFormat#MYSQL_SLOW}) into one record at its
 * {@code # Query_time:} line, dated by its {@code SET timestamp} and with the statement's literals masked:
 * {@code # Query_time: 2.000381  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0 | SET timestamp=1796654344; |
 * SELECT SLEEP(2);}. A server logging every statement ({@code long_query_time=0}) writes many quicker ones: they do not
 * match, so only the slow ones count, reach the timeline and make an episode.
 *
 * <p>Fields: {@code seconds} (Query_time), {@code lockSeconds}, {@code rowsSent}, {@code rowsExamined},
 * {@code started} (epoch seconds, when joined), {@code statement} (when joined; literals masked).
 */
public final class SlowQuerySignatureProvider implements SignatureProvider {

    /** The signature's id. */
    public static final String ID = "mysql.slow-query";
    /** The statements the signature matches take at least this long (seconds). */
    public static final int THRESHOLD_SECONDS = 1;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public SlowQuerySignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(new Signature(ID, Layer.DATABASE, Set.of(LogFormat.MYSQL_SLOW), "# Query_time: ",
                Pattern.compile("^# Query_time: (?<seconds>[1-9][0-9]{0,8}(?:\\.[0-9]{1,9})?)\\s{1,8}"
                        + "Lock_time: (?<lockSeconds>[0-9]{1,9}(?:\\.[0-9]{1,9})?)\\s{1,8}"
                        + "Rows_sent: (?<rowsSent>[0-9]{1,20})\\s{1,8}Rows_examined: (?<rowsExamined>[0-9]{1,20})"
                        + "[^|\\n]{0,4000}(?: \\| SET timestamp=(?<started>[0-9]{1,12});)?"
                        + "(?: \\| (?<statement>[^\\n]{1,2100}))?$"),
                null, List.of(CauseCode.DATABASE_SLOW),
                "a database statement ran " + THRESHOLD_SECONDS + " s or more (slow query log)"));
    }
}
