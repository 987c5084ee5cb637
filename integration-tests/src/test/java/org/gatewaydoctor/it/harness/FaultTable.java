package org.gatewaydoctor.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.gatewaydoctor.model.CauseCode;

/**
 * The fault table: every whole-stack test records the fault it injected, the status a visitor saw,
 * the top cause offline (logs only) and live (URL + configuration), and the evidence that decided.
 * {@code FaultTableIT} renders the rows into {@code docs/faults.md}, so the documented table is
 * exactly what the tests observed.
 */
public final class FaultTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultTable() {
    }

    /**
     * One row.
     *
     * @param id a stable id ({@code nginx-fpm-down}), also the row's sort key within its chain
     * @param chain the hops, e.g. {@code nginx → PHP-FPM (unix socket)}
     * @param fault what was done to the stack, in a few words
     * @param status the HTTP status the test's request got (0 = no answer)
     * @param offline the top cause from the logs alone; null when the logs cannot carry it (say why in {@code note})
     * @param live the top cause with URL and configuration
     * @param evidence the decisive evidence, as a stable excerpt the test asserted to be present
     * @param note when offline is null or the two differ: why
     * @param neutral the top cause from the same logs under neutral file names (null when offline is)
     * @param noisy the top cause from the same logs appended to a day of older multi-site logs (null when offline is)
     */
    public record Row(String id, String chain, String fault, int status, String offline, String live,
                      String evidence, String note, String neutral, String noisy) {
        /** A row of the logs-only and live causes; the neutral and noisy ones are filled in by {@link #record}. */
        public Row(String id, String chain, String fault, int status, String offline, String live, String evidence,
                   String note) {
            this(id, chain, fault, status, offline, live, evidence, note, null, null);
        }

        /** A row from cause codes; {@code offline} may be null. */
        public static Row of(String id, String chain, String fault, int status, CauseCode offline, CauseCode live,
                             String evidence, String note) {
            return new Row(id, chain, fault, status, offline == null ? null : offline.value(),
                    Objects.requireNonNull(live, "live").value(), evidence, note);
        }

        public Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(live, "live");
            Objects.requireNonNull(evidence, "evidence");
            note = note == null ? "" : note;
            if (evidence.contains("|") || fault.contains("|") || note.contains("|")) {
                throw new IllegalArgumentException("table cells cannot contain '|': " + id);
            }
        }
    }

    /** Where rows are written: {@code -Dgd.tableDir} (set by the build), else {@code target/fault-table}. */
    public static Path dir() {
        return Path.of(System.getProperty("gd.tableDir", "target/fault-table"));
    }

    /**
     * Records a row. When it has a logs-only cause, the logs of the test's last {@link Diagnose#offline} are
     * diagnosed twice more, under neutral file names and appended to a day of older multi-site noise
     * ({@link Noise}), and both must name the same top cause: otherwise this fails the test.
     */
    public static void record(Row row) {
        Path logs = Diagnose.takeLastLogs();
        if (row.offline() != null) {
            if (logs == null) {
                throw new AssertionError(row.id() + ": a logs-only cause is recorded, but the test made no "
                        + "Diagnose.offline(stack) to check it under neutral names and in noise");
            }
            org.gatewaydoctor.model.Diagnosis neutral = Diagnose.neutral(logs);
            String neutralTop = code(neutral);
            if (!row.offline().equals(neutralTop)) {
                throw new AssertionError(row.id() + ": under neutral file names the top cause is " + neutralTop
                        + ", not " + row.offline() + "\n" + Diagnose.explain(neutral));
            }
            org.gatewaydoctor.model.Diagnosis noisy = Diagnose.noisy(logs);
            String noisyTop = code(noisy);
            if (!row.offline().equals(noisyTop)) {
                throw new AssertionError(row.id() + ": appended to a day of older multi-site logs the top cause is "
                        + noisyTop + ", not " + row.offline() + "\n" + noisy.headline() + "\n" + noisy.notes()
                        + "\n" + noisy.causes().stream().map(c -> c.code() + " " + c.confidence() + " "
                        + c.evidence().stream().limit(3).map(e -> e.describe()).toList()).toList());
            }
            if (noisy.notes().stream().noneMatch(n -> n.contains("episodes of errors"))) {
                throw new AssertionError(row.id() + ": the day of older logs was not set aside as history: "
                        + noisy.notes());
            }
            row = new Row(row.id(), row.chain(), row.fault(), row.status(), row.offline(), row.live(), row.evidence(),
                    row.note(), neutralTop, noisyTop);
        }
        try {
            Files.createDirectories(dir());
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir().resolve(row.id() + ".json").toFile(), row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row recorded in this build, by chain then id. */
    public static List<Row> rows() {
        Path d = dir();
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                rows.add(JSON.readValue(f.toFile(), Row.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(Comparator.comparing(Row::chain).thenComparing(Row::id));
        return rows;
    }

    private static String code(org.gatewaydoctor.model.Diagnosis d) {
        CauseCode c = Diagnose.top(d);
        return c == null ? null : c.value();
    }

    /** The Markdown table of {@code rows}. */
    public static String render(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| fault | chain | status | top cause (logs only) | logs under neutral names | logs in a day of "
                + "older multi-site noise | top cause (live) | decisive evidence |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String offline = r.offline() == null ? "—" : "`" + r.offline() + "`";
            if (!r.note().isEmpty()) {
                offline += " (" + r.note() + ")";
            }
            b.append("| ").append(r.fault()).append(" | ").append(r.chain()).append(" | ")
                    .append(r.status() == 0 ? "no answer" : Integer.toString(r.status())).append(" | ")
                    .append(offline).append(" | ").append(r.neutral() == null ? "—" : "`" + r.neutral() + "`")
                    .append(" | ").append(r.noisy() == null ? "—" : "`" + r.noisy() + "`")
                    .append(" | `").append(r.live()).append("` | `")
                    .append(r.evidence().replace("`", "'")).append("` |\n");
        }
        return b.toString();
    }
}
