package org.gatewaydoctor.internal.logs.scan;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.internal.logs.unwrap.JoinGuard;
import org.gatewaydoctor.internal.logs.unwrap.Unwrap;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.logs.SiteHits;
import org.gatewaydoctor.model.Evidence;

/**
 * The scanner behind {@link org.gatewaydoctor.logs.LogScanner}. Per task (a file, or a line-aligned
 * segment of a big one): read 4 MiB buffers, find every signature literal with {@link LiteralMatcher},
 * count lines eight bytes at a time, and decode, classify and pattern-match only the candidate lines.
 */
public final class ScanEngine {

    static final int BUFFER = 4 << 20;
    /**
     * Plain files larger than this are split into segments of about {@link #SEGMENT} bytes (at least two), scanned
     * in parallel. The split does not depend on the number of threads: one thread scans the same segments one
     * after the other and merges them the same way, so a scan finds the same on one core as on many (every
     * segment searches with the catalogue the file's first lines decide, see {@link Head}; field values beyond
     * {@link LogScanner#MAX_FIELD_VALUES} are told apart per segment).
     */
    static final long SPLIT_ABOVE = 32L << 20;
    static final long SEGMENT = 32L << 20;
    /** How far ahead a segment boundary (a line start) is looked for. */
    static final long SPLIT_SEARCH = 1L << 20;
    /** With a {@code since} bound, plain files larger than this are entered by binary search on time. */
    static final long SEEK_ABOVE = 8L << 20;
    static final Duration SEEK_SLACK = Duration.ofMinutes(5);
    private static final int HEAD_SAMPLES = 2;
    private static final int TAIL_SAMPLES = 3;
    private static final int FORMAT_SAMPLE_LINES = 200;
    /** Lines indexed and searched at a time within a buffer by the split search ({@link Task#processSplit}). */
    static final int NEWLINE_CHUNK = 4096;
    /**
     * Lines classified in every buffer of a source searched with a narrowed catalogue, spread evenly over
     * the buffer: a format that appears later (another program's log appended, a wrapper that starts later)
     * widens the search to the whole catalogue from that buffer on. A run of other lines longer than 1/64 of
     * the buffer (64 KiB of a full one) is always probed. Single lines of PHP-FPM or the database scattered
     * through a big uniform file are found by their signatures' literals ({@link #COMPANIONS}); single lines of
     * other formats can still go unseen. Cost: 64 line classifications per 4 MiB, about one line in 400.
     */
    static final int PROBE_LINES = 64;
    private static final int MIN_SAMPLE = 20;
    static final int HOMOGENEOUS_PERCENT = 98;
    /** Longest evidence text kept of one line, in characters. */
    public static final int MAX_KEPT = 8 * 1024;
    /**
     * Longest line {@link Task#processSplit} searches for nginx's literals only: {@link #MAX_KEPT}, and no longer
     * than a line {@link Task#nginxErrorLine} accepts.
     */
    private static final int NGINX_LINE_MAX = Math.min(MAX_KEPT, FileLogAccess.MAX_LINE);
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<Signature> signatures;
    /** The whole catalogue, for sources of mixed or unknown formats ({@link #full()}). */
    private volatile Compiled full;
    /**
     * Compiles {@link #full}: started on a thread of its own when a scan of paths starts, so that building the
     * whole catalogue's matcher (~20 ms in a fresh JVM, ~140 literals) overlaps listing and splitting the files and
     * reading the first buffer, instead of preceding them; run by the first thread that needs it otherwise.
     */
    private final java.util.concurrent.FutureTask<Compiled> fullTask = new java.util.concurrent.FutureTask<>(
            () -> compile(null));
    /** Catalogues restricted to the signatures that apply to a set of formats, built on demand. */
    private final Map<Set<LogFormat>, Compiled> byFormats = new java.util.concurrent.ConcurrentHashMap<>();
    /** A scan-pool thread's buffer, kept for its next segment ({@link Task#buffer}). */
    private static final ThreadLocal<byte[]> BUFFERS = new ThreadLocal<>();
    /** The literals of the signatures that apply to nginx's error log, as indices of {@link #full}'s ({@link #nginxLines}). */
    private volatile NginxLines nginxLines;
    /**
     * Per signature, built on its first candidate line: how its pattern is run ({@link MessageReader}); each
     * task reads with its own {@link MessageReader#copy()}.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<MessageReader> readers;
    private final ZoneId zone;
    private final Instant since;
    private final Instant until;
    private final int parallelism;
    private final UnaryOperator<String> redactor;
    private final long deadlineNanos;
    private final long resultDeadlineNanos;
    private final int defaultYear;
    /** The names of the one site to read lines of (lower case); empty: every site. See {@link Sites}. */
    private final Set<String> site;
    /** Files of one site each, with its names (see {@link org.gatewaydoctor.logs.LogScanner.Builder#siteFiles}). */
    private final Map<Path, List<String>> siteFiles;
    /** Plain files larger than this are split ({@link #SPLIT_ABOVE}; smaller in tests, see {@link #splitting}). */
    private long splitAbove = SPLIT_ABOVE;
    /** The size of the segments a split file is cut into, about ({@link #SEGMENT}). */
    private long segmentSize = SEGMENT;
    /** Whether whole-catalogue searches split nginx's lines from the others: null as the source's first lines decide. */
    private Boolean splitNginx;
    /** See {@link #rereadingTimeline}. */
    private boolean rereadTimeline = true;
    /** See {@link #settingFrameLinesAside}. */
    private boolean frameLinesAside = true;
    /** Lines handled by {@link FrameLines} (see {@link #frameLinesSetAside}). */
    private final java.util.concurrent.atomic.LongAdder framesAside = new java.util.concurrent.atomic.LongAdder();
    /** Run after every segment is read and before the result is assembled (a test's seam; nothing by default). */
    private Runnable beforeAssembling = () -> { };

    public ScanEngine(List<Signature> signatures, ZoneId zone, Instant since, Instant until, int parallelism,
                      UnaryOperator<String> redactor, long deadlineNanos) {
        this(signatures, zone, since, until, parallelism, redactor, deadlineNanos, Long.MAX_VALUE);
    }

    public ScanEngine(List<Signature> signatures, ZoneId zone, Instant since, Instant until, int parallelism,
                      UnaryOperator<String> redactor, long deadlineNanos, long resultDeadlineNanos) {
        this(signatures, zone, since, until, parallelism, redactor, deadlineNanos, resultDeadlineNanos, Set.of());
    }

    /**
     * @param deadlineNanos when reading stops ({@link System#nanoTime()})
     * @param resultDeadlineNanos when building the result (redacting what is kept) stops; evidence not yet
     *     redacted then is dropped and the scan marked incomplete
     */
    public ScanEngine(List<Signature> signatures, ZoneId zone, Instant since, Instant until, int parallelism,
                      UnaryOperator<String> redactor, long deadlineNanos, long resultDeadlineNanos,
                      Set<String> site) {
        this(signatures, zone, since, until, parallelism, redactor, deadlineNanos, resultDeadlineNanos, site, Map.of());
    }

    /**
     * @param siteFiles files that belong to one site each (absolute, normalised paths; the site's names in lower
     *     case): with {@code site} set, their lines that name no site are about that site
     */
    public ScanEngine(List<Signature> signatures, ZoneId zone, Instant since, Instant until, int parallelism,
                      UnaryOperator<String> redactor, long deadlineNanos, long resultDeadlineNanos,
                      Set<String> site, Map<Path, List<String>> siteFiles) {
        this.site = Set.copyOf(site);
        this.siteFiles = Map.copyOf(siteFiles);
        this.resultDeadlineNanos = resultDeadlineNanos;
        this.signatures = List.copyOf(signatures);
        this.readers = new java.util.concurrent.atomic.AtomicReferenceArray<>(this.signatures.size());
        this.zone = zone;
        this.since = since;
        this.until = until;
        this.parallelism = parallelism;
        this.redactor = redactor;
        this.deadlineNanos = deadlineNanos;
        this.defaultYear = Year.now(zone).getValue();
    }

    /**
     * Splits plain files larger than {@code above} bytes into segments of about {@code segment} bytes (at line
     * starts) instead of {@link #SPLIT_ABOVE} and {@link #SEGMENT}. For the tests that prove a split scan finds the
     * same with any number of threads and what a scan of the whole file finds, with boundaries all over small
     * files; call before scanning.
     *
     * @return this engine
     */
    public ScanEngine splitting(long above, long segment) {
        if (above < 0 || segment < 1) {
            throw new IllegalArgumentException("split above " + above + " bytes, segments of " + segment);
        }
        this.splitAbove = above;
        this.segmentSize = segment;
        return this;
    }

    /**
     * Makes every search with the whole catalogue look for nginx's lines' own literals in them and for every literal
     * in the other lines ({@code true}), or never ({@code false}), instead of as each source's first lines decide
     * ({@link Task#processSplit}). For the tests that prove both find the same; call before scanning.
     *
     * @return this engine
     */
    public ScanEngine splittingNginxLines(boolean split) {
        this.splitNginx = split;
        return this;
    }

    /**
     * Whether timeline events of plain files keep only where their line is, their text and fields read again from
     * the file for the events kept in the end ({@code true}, the default), or keep them from the start
     * ({@code false}). For the tests that prove both give the same; call before scanning.
     *
     * @return this engine
     */
    public ScanEngine rereadingTimeline(boolean reread) {
        this.rereadTimeline = reread;
        return this;
    }

    /**
     * Whether a line whose literals are all of signatures that need {@code [0x} ({@link FrameLines}) is set aside on
     * its raw bytes when they cannot hold it ({@code true}, the default), or handled as any line ({@code false}).
     * For the tests that prove both give the same; call before scanning.
     *
     * @return this engine
     */
    public ScanEngine settingFrameLinesAside(boolean aside) {
        this.frameLinesAside = aside;
        return this;
    }

    /** How many candidate lines this engine's scans handled on their raw bytes ({@link FrameLines}; for tests). */
    public long frameLinesSetAside() {
        return framesAside.sum();
    }

    /** Runs {@code r} after every segment of a scan of paths is read, before its result is assembled (tests). */
    ScanEngine beforeAssembling(Runnable r) {
        this.beforeAssembling = r;
        return this;
    }

    /**
     * A literal matcher over some of the signatures, which signatures each literal stands for, and per
     * literal the formats (bit {@code 1 << ordinal}) its signatures apply to, all bits when one applies to
     * any format.
     */
    record Compiled(LiteralMatcher matcher, int[][] literalSignatures, long[] literalFormats, List<String> literals,
                    boolean[] literalFrames) {
    }

    /** The bit of {@link LogFormat#NGINX_ERROR} in {@link Compiled#literalFormats()}. */
    private static final long NGINX_BIT = 1L << LogFormat.NGINX_ERROR.ordinal();

    /** The whole catalogue's {@link Compiled}: computed by this thread, or waited for while another computes it. */
    private Compiled full() {
        Compiled c = full;
        if (c != null) {
            return c;
        }
        fullTask.run(); // nothing when another thread runs it or ran it
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    c = fullTask.get();
                    full = c;
                    return c;
                } catch (InterruptedException e) {
                    interrupted = true; // a short computation whose result every task needs: waited for whole
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Compiles the signatures that apply to one of {@code formats} (all signatures when null). */
    private Compiled compile(Set<LogFormat> formats) {
        return compile(formats, null, 0, 0);
    }

    /** As {@link #compile(Set)}, anchoring the literals for text like {@code sample[from, to)}. */
    private Compiled compile(Set<LogFormat> formats, byte[] sample, int from, int to) {
        Map<String, List<Integer>> byLiteral = new LinkedHashMap<>();
        for (int i = 0; i < signatures.size(); i++) {
            Signature s = signatures.get(i);
            if (formats == null || s.formats().isEmpty() || formats.stream().anyMatch(s::appliesTo)) {
                byLiteral.computeIfAbsent(s.literal(), k -> new ArrayList<>()).add(i);
            }
        }
        int[][] literalSignatures = byLiteral.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        long[] literalFormats = new long[literalSignatures.length];
        for (int lit = 0; lit < literalSignatures.length; lit++) {
            for (int sig : literalSignatures[lit]) {
                Set<LogFormat> f = signatures.get(sig).formats();
                if (f.isEmpty()) {
                    literalFormats[lit] = -1L;
                } else {
                    for (LogFormat x : f) {
                        literalFormats[lit] |= 1L << x.ordinal();
                    }
                }
            }
        }
        // per literal: whether each of its signatures needs "[0x" in the text (FrameLines)
        boolean[] literalFrames = new boolean[literalSignatures.length];
        for (int lit = 0; lit < literalSignatures.length; lit++) {
            literalFrames[lit] = true;
            for (int sig : literalSignatures[lit]) {
                literalFrames[lit] &= FrameLines.opensFrame(signatures.get(sig));
            }
        }
        List<String> literals = List.copyOf(byLiteral.keySet());
        return new Compiled(new LiteralMatcher(literals, sample, from, to), literalSignatures, literalFormats,
                literals, literalFrames);
    }

    /**
     * The catalogue for a source whose first lines were sampled: when the sample is large enough and
     * of known formats only (at least {@value #HOMOGENEOUS_PERCENT}% recognised), only signatures of
     * those formats are searched: a WordPress nginx log need not be searched for slowlog stack frames
     * or HAProxy flags. Mixed or unrecognised sources get the whole catalogue.
     */
    private Compiled forSample(Map<LogFormat, Long> sample, byte[] text, int textEnd) {
        long total = sample.values().stream().mapToLong(Long::longValue).sum();
        long unknown = sample.getOrDefault(LogFormat.UNKNOWN, 0L);
        if (total < MIN_SAMPLE || (total - unknown) * 100 < total * HOMOGENEOUS_PERCENT) {
            return full();
        }
        Set<LogFormat> formats = java.util.EnumSet.noneOf(LogFormat.class);
        sample.keySet().stream().filter(f -> f != LogFormat.UNKNOWN).forEach(formats::add);
        // anchored for the first text sampled (the first buffer of the first source of these formats)
        return byFormats.computeIfAbsent(Set.copyOf(formats), k -> compile(withCompanions(k), text, 0, textEnd));
    }

    /**
     * Formats whose single lines end up inside other programs' logs: PHP-FPM's master log and the database's
     * error log, written to the same file as the web server's by {@code cat}, a shared {@code error_log}, a
     * container's stderr or a log collector. Their signatures are searched in every narrowed source too.
     */
    static final Set<LogFormat> COMPANIONS = Set.of(LogFormat.PHP_FPM, LogFormat.MYSQL_ERROR);

    /** At most this many literals in a narrowed search with the {@link #COMPANIONS} ({@link #withCompanions}). */
    static final int COMPANION_LITERALS = 64;

    /**
     * {@code formats} and the {@link #COMPANIONS}, when searching their signatures' literals too keeps the
     * narrowed search's skip per step: the literals stay few ({@value #COMPANION_LITERALS}: the shift table stays
     * sparse) and none is shorter than the shortest already searched (the
     * window stays the same); only the shift table holds more blocks. Their literals are rare in other programs' lines, and a
     * candidate line that is a line of {@code formats} is set aside before it is decoded ({@link Task#flush}).
     * Otherwise {@code formats} alone: a scattered line of them is then found only by the probe's luck.
     */
    Set<LogFormat> withCompanions(Set<LogFormat> formats) {
        if (formats.containsAll(COMPANIONS)) {
            return formats;
        }
        Set<String> own = new java.util.HashSet<>();
        Set<String> extra = new java.util.HashSet<>();
        int min = Integer.MAX_VALUE;
        for (Signature s : signatures) {
            if (s.formats().isEmpty() || formats.stream().anyMatch(s::appliesTo)) {
                own.add(s.literal());
                min = Math.min(min, s.literal().length());
            }
        }
        for (Signature s : signatures) {
            if (!own.contains(s.literal()) && COMPANIONS.stream().anyMatch(s::appliesTo)) {
                extra.add(s.literal());
            }
        }
        int shortest = min;
        if (own.isEmpty() || extra.isEmpty() || own.size() + extra.size() > COMPANION_LITERALS
                || extra.stream().anyMatch(l -> l.length() < shortest)) {
            return formats;
        }
        Set<LogFormat> all = java.util.EnumSet.copyOf(formats);
        all.addAll(COMPANIONS);
        return all;
    }

    /**
     * The search of the lines of nginx's error log in a source searched with the whole catalogue (see {@link
     * Task#processSplit}): the literals of the signatures that apply to {@link LogFormat#NGINX_ERROR} (as a full
     * search's candidate line that is such a line is handled only for them, see {@link Task#flush}), with each one's
     * index among the whole catalogue's literals.
     */
    record NginxLines(Compiled compiled, int[] toFull) {
    }

    /** {@link NginxLines}, built once (anchored for the first text that needs it) and shared by every task. */
    private NginxLines nginxLines(byte[] sample, int from, int to) {
        NginxLines n = nginxLines;
        if (n == null) {
            synchronized (this) {
                n = nginxLines;
                if (n == null) {
                    Compiled c = compile(EnumSet.of(LogFormat.NGINX_ERROR), sample, from, to);
                    Map<String, Integer> index = new java.util.HashMap<>();
                    Compiled all = full();
                    for (int i = 0; i < all.literals().size(); i++) {
                        index.put(all.literals().get(i), i);
                    }
                    int[] toFull = c.literals().stream().mapToInt(index::get).toArray();
                    n = new NginxLines(c, toFull);
                    nginxLines = n;
                }
            }
        }
        return n;
    }

    private MessageReader reader(int sig) {
        MessageReader r = readers.get(sig);
        if (r == null) {
            r = MessageReader.of(signatures.get(sig).pattern());
            readers.compareAndSet(sig, null, r);
        }
        return r;
    }

    /** The names of {@code p}'s named groups, in order. */
    static List<String> groupNames(Pattern p) {
        return names(p);
    }

    private static List<String> names(Pattern p) {
        List<String> names = new ArrayList<>();
        Matcher m = GROUP_NAME.matcher(p.pattern());
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    // ---------------------------------------------------------------- sources

    /** Files, directories, globs and {@code -} for standard input. */
    public LogScan scanSources(List<String> sources, InputStream stdinStream) throws InterruptedException {
        List<Path> paths = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean stdin = false;
        for (String s : sources) {
            if (s.equals("-")) {
                stdin = true;
            } else if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0) {
                List<Path> found = glob(s, problems);
                if (found.isEmpty()) {
                    problems.add(s + ": no file matches this pattern");
                }
                paths.addAll(found);
            } else {
                paths.add(Path.of(s));
            }
        }
        LogScan files = scanPaths(paths, problems);
        if (!stdin) {
            return files;
        }
        LogScan in = scanStream(stdinStream, "-");
        return combine(files, in);
    }

    public LogScan scanPaths(List<Path> paths) throws InterruptedException {
        return scanPaths(paths, new ArrayList<>());
    }

    private LogScan scanPaths(List<Path> paths, List<String> earlierProblems) throws InterruptedException {
        long start = System.nanoTime();
        if (full == null && !paths.isEmpty()) {
            Thread compiler = new Thread(fullTask, "gateway-doctor-scan-catalogue");
            compiler.setDaemon(true);
            compiler.start();
        }
        FileLogAccess.LogFiles files = FileLogAccess.expand(paths);
        List<String> problems = new ArrayList<>(earlierProblems);
        problems.addAll(files.problemList());
        List<Segment> segments = new ArrayList<>();
        for (Path file : files.files()) {
            try {
                segments.addAll(plan(file, segments.size()));
            } catch (IOException e) {
                problems.add(file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        List<TaskResult> results = runAll(segments);
        beforeAssembling.run();
        return withUnread(assemble(files.files(), segments, results, problems, start), files.unread());
    }

    /**
     * {@code scan} with the sources left out (in part) for a limit added as incomplete sources: a cut is
     * stated and counts as incomplete, never silent.
     */
    public static LogScan withUnread(LogScan scan, List<FileLogAccess.Unread> unread) {
        if (unread.isEmpty()) {
            return scan;
        }
        List<ScannedFile> all = new ArrayList<>(scan.files());
        for (FileLogAccess.Unread u : unread) {
            all.add(new ScannedFile(u.source().toString(), Map.of(), 0, 0, false,
                    List.of(u.source() + ": " + u.reason())));
        }
        return new LogScan(scan.bytesScanned(), scan.linesScanned(), scan.elapsed(), all, scan.signatures(),
                scan.timeline(), scan.problems(), scan.sites());
    }

    public LogScan scanStream(InputStream in, String name) throws InterruptedException {
        long start = System.nanoTime();
        Segment seg = new Segment(0, Path.of(name), name, -1, -1, 0, in, null, false);
        TaskResult r = new Task(seg, false).run();
        return assemble(List.of(), List.of(seg), List.of(r), new ArrayList<>(), start);
    }

    /** Expands a glob such as {@code /var/log/nginx/*.log} or {@code logs/*}{@code /error.log*}. */
    static List<Path> glob(String pattern, List<String> problems) {
        Path absolute = Path.of(pattern).toAbsolutePath().normalize();
        Path base = absolute.getRoot();
        int depth = 0;
        boolean inGlob = false;
        for (Path part : absolute) {
            String s = part.toString();
            if (!inGlob && s.indexOf('*') < 0 && s.indexOf('?') < 0 && s.indexOf('[') < 0) {
                base = base.resolve(s);
            } else {
                inGlob = true;
                depth++;
            }
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base, depth)) {
            walk.filter(Files::isRegularFile).filter(m::matches).sorted().forEach(out::add);
        } catch (IOException | UncheckedIOException e) {
            problems.add(pattern + ": cannot list " + base + " (" + e.getMessage() + ")");
        }
        return out;
    }

    // ---------------------------------------------------------------- planning

    /** A part of a source, starting and ending at line boundaries. */
    record Segment(int index, Path file, String name, long start, long end, long skippedLines, InputStream stream,
                   Head head, boolean leads) {
        boolean first() {
            return start <= 0 && skippedLines == 0;
        }
    }

    /**
     * The catalogue a split file is searched with, decided once from the format sample of its first lines (as a
     * scan of the whole file in one piece decides it) by the segment that starts the file, and taken by every
     * other segment of the file before it searches; each segment's probes then widen its own search.
     */
    static final class Head {
        private final java.util.concurrent.CountDownLatch decided = new java.util.concurrent.CountDownLatch(1);
        private volatile Compiled compiled;
        private volatile Set<LogFormat> narrowed;
        private volatile boolean wrapped;
        private volatile boolean mostlyNginx;

        /** Sets the decision (the first call only). */
        synchronized void decide(Compiled compiled, Set<LogFormat> narrowed, boolean wrapped, boolean mostlyNginx) {
            if (decided.getCount() > 0) {
                this.compiled = compiled;
                this.narrowed = narrowed;
                this.wrapped = wrapped;
                this.mostlyNginx = mostlyNginx;
                decided.countDown();
            }
        }

        void await() throws InterruptedException {
            decided.await();
        }
    }

    /** The site {@code file} belongs to, named as the site read when it is one of its names; null if none. */
    private Sites.Named fileSite(Path file) {
        if (file == null || site.isEmpty() || siteFiles.isEmpty()) {
            return null;
        }
        List<String> names = siteFiles.get(file.toAbsolutePath().normalize());
        if (names == null || names.isEmpty()) {
            return null;
        }
        return new Sites.Named(names.stream().filter(site::contains).findFirst().orElse(names.get(0)), null);
    }

    private List<Segment> plan(Path file, int firstIndex) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] magic = new byte[2];
            int got = ch.read(ByteBuffer.wrap(magic), 0);
            if (got == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b) {
                return List.of(new Segment(firstIndex, file, file.toString(), -1, -1, 0, null, null, false));
            }
            long from = 0;
            long skippedLines = 0;
            if (since != null && size > SEEK_ABOVE) {
                from = seek(ch, size, since.minus(SEEK_SLACK));
                if (from > 0) {
                    skippedLines = countLines(ch, from);
                }
            }
            List<Segment> out = new ArrayList<>();
            long remaining = size - from;
            if (remaining <= splitAbove) {
                out.add(new Segment(firstIndex, file, file.toString(), from, size, skippedLines, null, null, false));
                return out;
            }
            int parts = (int) Math.max(2, Math.min(1024, (remaining + segmentSize - 1) / segmentSize));
            Head head = new Head();
            long step = remaining / parts;
            long segStart = from;
            for (int i = 1; i <= parts && segStart < size; i++) {
                // a boundary is looked for at most SPLIT_SEARCH ahead: in a file without line breaks (2 GiB of
                // one "line") the search would otherwise read the rest of the file before scanning starts,
                // with no deadline; the rest is then one segment
                long segEnd = i == parts ? size : nextLineStart(ch, from + step * i, size, SPLIT_SEARCH);
                if (segEnd <= segStart) {
                    continue;
                }
                out.add(new Segment(firstIndex + out.size(), file, file.toString(), segStart, segEnd,
                        out.isEmpty() ? skippedLines : -1, null, head, out.isEmpty()));
                segStart = segEnd;
            }
            return out;
        }
    }

    /** The offset just after the first newline at or after {@code pos}, or {@code size}. */
    private static long nextLineStart(FileChannel ch, long pos, long size) throws IOException {
        return nextLineStart(ch, pos, size, Long.MAX_VALUE);
    }

    /** As {@link #nextLineStart(FileChannel, long, long)}, giving {@code size} when none is within {@code limit}. */
    private static long nextLineStart(FileChannel ch, long pos, long size, long limit) throws IOException {
        byte[] buf = new byte[64 << 10];
        long at = pos;
        while (at < size && at - pos < limit) {
            int n = ch.read(ByteBuffer.wrap(buf), at);
            if (n <= 0) {
                break;
            }
            int nl = Bytes.indexOfNewline(buf, 0, n);
            if (nl >= 0) {
                return at + nl + 1;
            }
            at += n;
        }
        return size;
    }

    private static long countLines(FileChannel ch, long upTo) throws IOException {
        byte[] buf = new byte[BUFFER];
        long lines = 0;
        long at = 0;
        while (at < upTo) {
            int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, upTo - at)), at);
            if (n <= 0) {
                break;
            }
            lines += Bytes.countNewlines(buf, 0, n);
            at += n;
        }
        return lines;
    }

    /**
     * Binary search for the first line dated at or after {@code target}, assuming the file is
     * (roughly) in time order. Returns a line start; 0 when the start cannot be found safely.
     */
    private long seek(FileChannel ch, long size, Instant target) throws IOException {
        long lo = 0;
        long hi = size;
        for (int i = 0; i < 64 && hi - lo > (256 << 10); i++) {
            long mid = lo + (hi - lo) / 2;
            Instant at = timeAfter(ch, mid, size);
            if (at == null) {
                return lo; // cannot read clocks here: scan from what is known to be safe
            }
            if (at.isBefore(target)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : nextLineStart(ch, lo, size);
    }

    /** The time of the last dated line before {@code pos} (a line start), looking at most 256 KiB back; null if none. */
    private Instant timeBefore(FileChannel ch, long pos) throws IOException {
        int len = (int) Math.min(pos, RecordClock.MAX_LOOKBACK);
        byte[] buf = new byte[len];
        int n = 0;
        while (n < len) {
            int r = ch.read(ByteBuffer.wrap(buf, n, len - n), pos - len + n);
            if (r <= 0) {
                return null;
            }
            n += r;
        }
        // the first line may be cut by the limit: start after its end
        int from = pos - len == 0 ? 0 : Bytes.indexOfNewline(buf, 0, len) + 1;
        return from <= 0 && pos - len > 0 ? null
                : new RecordClock(zone, defaultYear).lastDated(buf, from, len);
    }

    /** The time of the first dated line after {@code pos}, looking at most 64 KiB ahead. */
    private Instant timeAfter(FileChannel ch, long pos, long size) throws IOException {
        byte[] buf = new byte[64 << 10];
        int n = ch.read(ByteBuffer.wrap(buf), pos);
        if (n <= 0) {
            return null;
        }
        int i = Bytes.indexOfNewline(buf, 0, n) + 1;
        while (i > 0 && i < n) {
            int end = Bytes.indexOfNewline(buf, i, n);
            if (end < 0) {
                return null;
            }
            String line = new String(buf, i, end - i, StandardCharsets.UTF_8);
            LogFormat f = LineFormats.detect(line);
            Instant t = f == LogFormat.UNKNOWN ? null : LineFormats.timestamp(f, line, zone, defaultYear);
            if (t != null) {
                return t;
            }
            i = end + 1;
        }
        return null;
    }

    // ---------------------------------------------------------------- running

    private List<TaskResult> runAll(List<Segment> segments) throws InterruptedException {
        if (segments.isEmpty()) {
            return List.of();
        }
        if (parallelism == 1 || segments.size() == 1) {
            List<TaskResult> out = new ArrayList<>();
            for (Segment s : segments) {
                fold(out, new Task(s, false).run());
            }
            return out;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ExecutorService exec = Executors.newFixedThreadPool(Math.min(parallelism, segments.size()), r -> {
            Thread t = new Thread(r, "gateway-doctor-scan-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TaskResult>> futures = new ArrayList<>();
            for (Segment s : segments) {
                futures.add(exec.submit(() -> new Task(s, true).run()));
            }
            List<TaskResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                Future<TaskResult> f = futures.get(i);
                futures.set(i, null); // a done future holds its result: only the folded one is kept
                try {
                    fold(out, f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof InterruptedException ie) {
                        throw ie;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            return out;
        } finally {
            exec.shutdownNow();
        }
    }

    /**
     * Adds {@code r} to {@code out}, merging its findings into those of the segment before it when that is a
     * segment of the same file: the findings of a big file's segments are merged as they are done (in
     * segment order, as {@link #assemble} merges them) instead of all being kept to the end. Each segment's
     * timeline keeps up to {@link LogScanner#MAX_TIMELINE} matched lines with their fields; sixteen segments
     * of a 1 GiB log held ~80 MB of them.
     */
    private static void fold(List<TaskResult> out, TaskResult r) {
        // the first of this file's consecutive results holds what its segments found so far
        int first = out.size();
        while (first > 0 && out.get(first - 1).segment().name().equals(r.segment().name())) {
            first--;
        }
        if (first < out.size()) {
            out.get(first).aggregate().merge(r.aggregate(), HEAD_SAMPLES, TAIL_SAMPLES);
            r = new TaskResult(r.segment(), new Aggregate(), r.bytes(), r.lines(), r.formats(), r.complete(),
                    r.problems(), r.later());
        }
        out.add(r);
    }

    /** The outcome of one task. */
    record TaskResult(Segment segment, Aggregate aggregate, long bytes, long lines, Map<LogFormat, Long> formats,
                      boolean complete, List<String> problems, Map<LogFormat, Long> later) {
    }

    /** Scans one segment. Not thread-safe; one per thread. */
    private final class Task implements LiteralMatcher.Sink {
        /** Collects the matcher's occurrences, handed to {@link #match} in batches. */
        private final Found found = new Found();
        /** Per signature, this task's reader of its pattern (its own matchers). */
        private final MessageReader[] readers = new MessageReader[signatures.size()];
        private final Segment segment;
        private final Aggregate aggregate = new Aggregate();
        private final Map<LogFormat, Long> formats = new EnumMap<>(LogFormat.class);
        /**
         * Formats met after the sample (probed lines, matching lines): a file's formats name them too, so that
         * checks that pick files by format see a minority format that first appears late.
         */
        private final Map<LogFormat, Long> later = new EnumMap<>(LogFormat.class);
        /** The catalogue this task searches with: set once its first buffer is read (sampled, or the head's). */
        private Compiled compiled;
        /** The formats the catalogue was narrowed to ({@link #forSample}); null while searching with all of it. */
        private Set<LogFormat> narrowed;
        private final List<String> problems = new ArrayList<>();
        private byte[] buf;
        /**
         * The file offset of {@code buf[0]} while {@code buf} holds the plain file's bytes as they are on disk (then
         * timeline events keep only where their line is, {@link Aggregate.LineRef}); -1 for a stream, a compressed
         * file or joined lines.
         */
        private long bufOffset = -1;
        /** Whether {@code buf} ever held lines joined in memory (a paste): no line is then read again by offset. */
        private boolean joinedLines;
        // per buffer: the region searched and line numbering
        private int regionFrom;
        private int regionTo;
        private int countedPos;
        private long linesBefore; // lines (newlines) seen before countedPos in this segment
        /** Whether joining emptied the source's last line, which had no line break (still a line of the file). */
        private boolean emptyLastLine;
        // the pending candidate line
        private int pendingStart = -1;
        private int pendingEnd = -1;
        private int pendingFirstMatch;
        private long pendingLine;
        /**
         * The literals found in the pending line, each once, ordered by where each first occurs in the line (ties:
         * by literal index), so that which signature of a line is handled first does not depend on the matcher's
         * anchors ({@link #addPending}); with each one's first start in {@link #pendingStarts}.
         */
        private int[] pendingLiterals = new int[8];
        private int[] pendingStarts = new int[8];
        private int pendingCount;
        /** The formats the pending literals' signatures apply to ({@link Compiled#literalFormats()}). */
        private long pendingFormats;
        /** Whether every literal of the pending line is of signatures that need {@code [0x} ({@link FrameLines}). */
        private boolean pendingFrames = true;
        /** Lines this task handled by {@link FrameLines}, added to the engine's count when it ends. */
        private long setAside;
        private long handled;
        private boolean expired;
        /** Whether a sampled line needed unwrapping (see the unwrap package). */
        private boolean wrapped;
        /** Whether the source's first lines are mostly nginx's error log on their raw bytes ({@link #mostlyNginx(int)}). */
        private boolean mostlyNginx;
        /** The newlines of the chunk being searched by {@link #processSplit}. */
        private int[] newlines;
        private int newlineCount;
        /** Per newline of {@link #newlines}: whether the line it ends is an nginx error log line ({@link #nginxErrorLine}). */
        private boolean[] stamped;
        /** The first of {@link #newlines} at or after the last candidate (candidates come in order). */
        private int newlineCursor;
        /** The lines of this segment before the current chunk's first. */
        private long chunkLines;
        private int chunkFrom;
        private int chunkTo;
        /** Whether {@link #match} looks line bounds up in {@link #newlines} ({@link #processSplit}). */
        private boolean indexed;
        /** Passes a nginx-only search's occurrences on with the whole catalogue's literal indices. */
        private int[] toFull;
        private final LiteralMatcher.Sink nginxSink = (literal, start) -> found.match(toFull[literal], start);

        private final boolean pooled;
        /** Dates undated continuation lines by their record's header. */
        private final RecordClock records = new RecordClock(zone, defaultYear);
        /** The time of nginx's stamped lines, the last second remembered. */
        private final StampClock stamps = new StampClock(zone, defaultYear);

        /** The site whose file this is ({@link #siteFiles}), when scoping to a site; null otherwise. */
        private final Sites.Named fileSite;

        Task(Segment segment, boolean pooled) {
            this.segment = segment;
            this.pooled = pooled;
            this.fileSite = fileSite(segment.file());
        }

        /**
         * Bytes asked of the kernel per read ({@link #readAt}). One process reading 1 GiB into a 4 MiB heap
         * buffer, C1, user + sys CPU-s (JVM start 0.09 included), four runs each: 4 MiB reads 0.37 / 0.42 / 0.36 /
         * 0.37, 1 MiB 0.36 / 0.37 / 0.38 / 0.33, 256 KiB 0.31 / 0.31 / 0.29 / 0.31, 64 KiB 0.39 / 0.47 / 0.43 / 0.39.
         */
        private static final int READ_SLICE = 256 << 10;

        /**
         * Reads the file at {@code pos} into {@code dst}: plain positional reads into the scan buffer, never
         * a mapping. Mapped windows stayed resident (counted in the process's RSS, 1 GiB for a 1 GiB log)
         * until a GC unmapped them; a read costs one more copy from the page cache but keeps the resident
         * memory at the buffers' size whatever the file's.
         */
        private static int readAt(FileChannel channel, long pos, byte[] dst, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(dst, off, len);
            int end = off + len;
            long at = pos;
            while (b.position() < end) {
                // the JDK reads a heap buffer through a temporary direct one: in slices of READ_SLICE, the kernel's
                // copy into it and the copy out of it stay in the processor's cache
                b.limit(Math.min(end, b.position() + READ_SLICE));
                int n = channel.read(b, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            int got = b.position() - off;
            return got == 0 && len > 0 ? -1 : got;
        }

        /**
         * The buffer this task reads into: {@link #BUFFER} bytes, or fewer for a plain file that fits in fewer: room
         * for the whole segment and what joining its lines may add (at most four bytes per byte read: a byte
         * UTF-8 cannot decode becomes three, a joined line gains a space; see {@link Unwrap#joinWrapped}), so that
         * it reads, joins and searches exactly as with a full buffer. A 16 KB log then does not allocate 4 MiB,
         * which is most of what a small diagnosis allocates and what set off its collection. Scan-pool threads keep
         * their buffer for their next segment (they end with the scan); a caller's own thread gets its own, so
         * nothing stays attached to it.
         */
        private byte[] buffer() {
            long need = BUFFER;
            if (segment.stream() == null && segment.start() >= 0) {
                need = Math.min(BUFFER, 4 * (segment.end() - segment.start()) + 4096);
            }
            if (!pooled) {
                return new byte[(int) need];
            }
            byte[] b = BUFFERS.get();
            if (b == null || b.length < need) {
                b = new byte[(int) need];
                BUFFERS.set(b);
            }
            return b;
        }

        TaskResult run() throws InterruptedException {
            // scan-pool threads keep one buffer for all their segments (they end with the scan);
            // a caller's own thread gets a fresh one, so nothing stays attached to it
            buf = buffer();
            long bytes = 0;
            boolean complete = true;
            InputStream stream = null;
            FileChannel channel = null;
            try {
                long pos = segment.start();
                if (segment.stream() != null) {
                    stream = sniffGzip(new BufferedInputStream(segment.stream(), 1 << 16));
                } else if (segment.start() < 0) {
                    stream = new GZIPInputStream(Files.newInputStream(segment.file()), 1 << 16);
                } else {
                    channel = FileChannel.open(segment.file(), StandardOpenOption.READ);
                    if (segment.start() > 0) {
                        // the record open where this segment starts (its lines above, in an earlier segment)
                        records.carry(timeBefore(channel, segment.start()));
                    }
                }
                int carry = 0;
                IOException[] deferred = new IOException[1];
                boolean sampled = false;
                while (true) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("log scan interrupted");
                    }
                    if (expired || System.nanoTime() > deadlineNanos) {
                        complete = false;
                        problems.add(segment.name() + ": reading stopped at the deadline after " + bytes + " bytes");
                        break;
                    }
                    int want = buf.length - carry;
                    int n;
                    if (channel != null) {
                        long left = segment.end() - pos;
                        bufOffset = joinedLines ? -1 : pos - carry;
                        if (left <= 0) {
                            n = -1;
                        } else {
                            n = readAt(channel, pos, buf, carry, (int) Math.min(want, left));
                            if (n > 0) {
                                pos += n;
                            }
                        }
                    } else {
                        n = readFully(stream, buf, carry, want, deferred);
                    }
                    if (n <= 0) {
                        if (carry > 0) {
                            // the last line has no line break
                            process(0, carry, true);
                        } else if (emptyLastLine) {
                            linesBefore++;
                        }
                        break;
                    }
                    bytes += n;
                    int end = carry + n;
                    if (!sampled && segment.head() != null && !segment.leads()) {
                        // a later segment of a split file: searched as its first lines decided
                        segment.head().await();
                        compiled = segment.head().compiled;
                        narrowed = segment.head().narrowed == null ? null : EnumSet.copyOf(segment.head().narrowed);
                        wrapped = segment.head().wrapped;
                        mostlyNginx = segment.head().mostlyNginx;
                        sampled = true;
                    }
                    if (!sampled) {
                        Map<LogFormat, Long> sample = sampleFormats(end);
                        // the whole source in this buffer (not just the whole of a segment of a split file)
                        boolean whole = channel != null ? pos >= segment.end() && pos >= channel.size() : n < want;
                        if (whole && segment.first() && sample.containsKey(LogFormat.UNKNOWN)) {
                            // a small source that is not uniform (a paste): join lines that were wrapped
                            boolean unterminated = buf[end - 1] != '\n';
                            int joined = Unwrap.joinWrapped(buf, end, buf.length, JoinGuard.of(signatures));
                            joinedLines = true;
                            bufOffset = -1;
                            // the end does not tell whether lines were joined: a terminal's hard wrap is joined
                            // without a space, moving a line break and keeping the length. An unterminated last
                            // line joined into the line it continues is left behind empty, which bytes cannot
                            // hold without a line break; and the sample is taken again of the joined lines
                            emptyLastLine = unterminated && buf[joined - 1] == '\n';
                            end = joined;
                            sample = sampleFormats(end);
                        }
                        // a wrapped source (container, journal, paste) mixes services: search it with every signature
                        compiled = wrapped ? full() : forSample(sample, buf, end);
                        if (compiled != full()) {
                            narrowed = EnumSet.noneOf(LogFormat.class);
                            sample.keySet().stream().filter(f -> f != LogFormat.UNKNOWN).forEach(narrowed::add);
                        }
                        if (segment.first()) {
                            formats.putAll(sample);
                        }
                        mostlyNginx = mostlyNginx(end);
                        if (segment.leads()) {
                            segment.head().decide(compiled, narrowed == null ? null : EnumSet.copyOf(narrowed), wrapped,
                                    mostlyNginx);
                        }
                        sampled = true;
                    }
                    if (narrowed != null) {
                        probe(end); // every buffer, the first too: its sample read only the first lines
                    }
                    int lastNl = Bytes.lastIndexOfNewline(buf, 0, end);
                    if (lastNl < 0) {
                        if (end == buf.length) {
                            // a line longer than the buffer: search this part, count no line
                            process(0, end, false);
                            carry = 0;
                        } else {
                            carry = end;
                        }
                        continue;
                    }
                    process(0, lastNl + 1, false);
                    carry = end - lastNl - 1;
                    System.arraycopy(buf, lastNl + 1, buf, 0, carry);
                }
            } catch (EOFException | ZipException e) {
                complete = false;
                problems.add(segment.name() + ": the compressed data ends early or is corrupt (" + e.getMessage()
                        + "); scanned what came before");
            } catch (IOException e) {
                complete = false;
                problems.add(segment.name() + ": cannot be read (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + ")");
            } finally {
                if (segment.leads()) {
                    // read nothing (deadline, error): the rest of the file is searched with the whole catalogue
                    segment.head().decide(full(), null, false, false);
                }
                closeQuietly(channel);
                if (segment.stream() == null) {
                    closeQuietly(stream);
                }
                buf = null;
                framesAside.add(setAside); // once per task: a shared counter per line costs both threads its cache line
            }
            return new TaskResult(segment, aggregate, bytes, linesBefore, formats, complete, problems, later);
        }

        /** Searches {@code buf[from, to)}, which holds whole lines (or one piece of a huge line). */
        private void process(int from, int to, boolean finalPartialLine) {
            if (compiled == full() && (splitNginx != null ? splitNginx : mostlyNginx)) {
                processSplit(from, to, finalPartialLine);
                return;
            }
            regionFrom = from;
            regionTo = to;
            countedPos = from;
            records.startRegion();
            compiled.matcher().search(buf, from, to, found);
            found.drain();
            flush();
            records.endRegion(buf, from, to);
            linesBefore += Bytes.countNewlines(buf, countedPos, to);
            if (finalPartialLine) {
                linesBefore++;
            }
        }

        /**
         * {@link #process} for a source of mostly nginx error log lines searched with the whole catalogue (nginx's
         * lines mixed with lines of no known format, such as PHP's stack traces: the format sample keeps the whole
         * catalogue for them). A candidate line that is an nginx error log line on its raw bytes is handled for its
         * nginx literals only ({@link #flush}), so such lines are searched for those literals alone and the other
         * lines for every literal: the same candidates and occurrences that matter, without the whole catalogue's
         * search over most of the bytes or the candidates it sets aside (on a busy WordPress host a quarter of the
         * lines name {@code /wp-content/plugins/}, a slowlog signature's literal). Lines longer than
         * {@link #MAX_KEPT} bytes are searched for every literal: where the first occurrence of any literal is
         * decides which part of such a line is kept. In chunks of {@link #NEWLINE_CHUNK} lines, whose newlines are
         * found first: each line is classified from its start, each candidate's bounds and number looked up.
         */
        private void processSplit(int from, int to, boolean finalPartialLine) {
            NginxLines nginx = nginxLines(buf, from, to);
            toFull = nginx.toFull();
            LiteralMatcher wholeCatalogue = full().matcher();
            LiteralMatcher nginxOnly = nginx.compiled().matcher();
            if (newlines == null) {
                newlines = new int[NEWLINE_CHUNK];
                stamped = new boolean[NEWLINE_CHUNK];
            }
            regionFrom = from;
            regionTo = to;
            records.startRegion();
            indexed = true;
            try {
                int at = from;
                while (at < to) {
                    newlineCount = Bytes.newlines(buf, at, to, newlines, stamped, NGINX_LINE_MAX);
                    newlineCursor = 0;
                    chunkFrom = at;
                    chunkTo = newlineCount == newlines.length ? newlines[newlineCount - 1] + 1 : to;
                    chunkLines = linesBefore;
                    // runs of consecutive lines of one kind, each searched with its literals
                    int runStart = chunkFrom;
                    boolean runNginx = false;
                    int lineStart = chunkFrom;
                    for (int k = 0; lineStart < chunkTo; k++) {
                        int lineEnd = k < newlineCount ? newlines[k] : chunkTo;
                        // the lines the index ends were classified as it found their newlines
                        boolean nginxLine = k < newlineCount ? stamped[k]
                                : lineEnd - lineStart <= MAX_KEPT && nginxErrorLine(lineStart, lineEnd);
                        if (nginxLine != runNginx) {
                            if (lineStart > runStart) {
                                search(runNginx ? nginxOnly : wholeCatalogue, runStart, lineStart, runNginx);
                            }
                            runStart = lineStart;
                            runNginx = nginxLine;
                        }
                        lineStart = lineEnd + 1;
                    }
                    if (chunkTo > runStart) {
                        search(runNginx ? nginxOnly : wholeCatalogue, runStart, chunkTo, runNginx);
                    }
                    found.drain();
                    flush();
                    linesBefore += newlineCount;
                    at = chunkTo;
                }
            } finally {
                indexed = false;
            }
            records.endRegion(buf, from, to);
            if (finalPartialLine) {
                linesBefore++;
            }
        }

        private void search(LiteralMatcher m, int from, int to, boolean nginx) {
            m.search(buf, from, to, nginx ? nginxSink : found);
        }

        @Override
        public void match(int literal, int start) {
            if (start < pendingEnd && pendingStart >= 0) {
                // the same line (the matcher may report overlapping occurrences out of order)
                addPending(literal, start);
                pendingFirstMatch = Math.min(pendingFirstMatch, start);
                return;
            }
            flush();
            if (indexed) {
                // the line's newline: the first at or after start (a literal holds none), in the chunk's index
                int k = newlineCursor;
                while (k < newlineCount && newlines[k] < start) {
                    k++;
                }
                newlineCursor = k;
                pendingStart = k == 0 ? chunkFrom : newlines[k - 1] + 1;
                pendingEnd = k < newlineCount ? newlines[k] : chunkTo; // none: the region's unterminated last line
                pendingFirstMatch = start;
                pendingLine = chunkLines + k + 1;
                addPending(literal, start);
                return;
            }
            int nl = Bytes.lastIndexOfNewline(buf, regionFrom, start);
            int lineStart = nl < 0 ? regionFrom : nl + 1;
            int lineEnd = Bytes.indexOfNewline(buf, start, regionTo);
            if (lineEnd < 0) {
                lineEnd = regionTo;
            }
            linesBefore += Bytes.countNewlines(buf, countedPos, lineStart);
            countedPos = lineStart;
            pendingStart = lineStart;
            pendingEnd = lineEnd;
            pendingFirstMatch = start;
            pendingLine = linesBefore + 1;
            addPending(literal, start);
        }

        /**
         * The occurrences the matcher reports, kept in small batches and handed to {@link #match} in the
         * order found: the search loop then stays small (the line handling is not inlined into it) and the
         * batch bounds the memory whatever the density.
         */
        private final class Found implements LiteralMatcher.Sink {
            private static final int BATCH = 1024;
            private final int[] literals = new int[BATCH];
            private final int[] starts = new int[BATCH];
            private int count;

            @Override
            public void match(int literal, int start) {
                literals[count] = literal;
                starts[count] = start;
                if (++count == BATCH) {
                    drain();
                }
            }

            void drain() {
                int n = count;
                count = 0;
                for (int i = 0; i < n; i++) {
                    Task.this.match(literals[i], starts[i]);
                }
            }
        }

        /**
         * Adds an occurrence of {@code literal} at {@code start} to the pending line. The bucketed shift-or reports a
         * line's occurrences in order of their starts (ties in literal order), the Wu-Manber search in order of the
         * end of each literal's anchor, which a sample chooses; keeping the literals in order of their first start
         * makes the line's handling (which signature dates the line and tallies its site first) the same with
         * either search and any anchors.
         */
        private void addPending(int literal, int start) {
            int at = -1;
            for (int i = 0; i < pendingCount; i++) {
                if (pendingLiterals[i] == literal) {
                    if (pendingStarts[i] <= start) {
                        return;
                    }
                    at = i; // an earlier occurrence of a literal already pending: move it up
                    break;
                }
            }
            if (at < 0) {
                if (pendingCount == pendingLiterals.length) {
                    pendingLiterals = java.util.Arrays.copyOf(pendingLiterals, pendingCount * 2);
                    pendingStarts = java.util.Arrays.copyOf(pendingStarts, pendingCount * 2);
                }
                at = pendingCount++;
                pendingFormats |= compiled.literalFormats()[literal];
                pendingFrames &= compiled.literalFrames()[literal];
            }
            // insertion: shift later entries up while they come after (start, literal)
            int i = at;
            while (i > 0 && (pendingStarts[i - 1] > start
                    || pendingStarts[i - 1] == start && pendingLiterals[i - 1] > literal)) {
                pendingLiterals[i] = pendingLiterals[i - 1];
                pendingStarts[i] = pendingStarts[i - 1];
                i--;
            }
            pendingLiterals[i] = literal;
            pendingStarts[i] = start;
        }

        private void flush() {
            if (pendingStart < 0) {
                return;
            }
            try {
                if ((pendingFormats & NGINX_BIT) != 0 || !nginxErrorLine(pendingStart, pendingEnd)) {
                    handleLine(pendingStart, pendingEnd, pendingFirstMatch, pendingLine);
                }
            } finally {
                pendingStart = -1;
                pendingEnd = -1;
                pendingCount = 0;
                pendingFormats = 0;
                pendingFrames = true;
            }
        }

        /**
         * Whether the line {@code buf[start, end)} is, on its raw bytes, one that {@link LineFormats#detect}
         * classifies as {@link LogFormat#NGINX_ERROR} as {@link #handleLine} decodes it: it starts with
         * {@code yyyy/mm/dd hh:mm:ss [} (ASCII, so the decoded text starts with the same characters) and is
         * not cut to the part around its match (lines longer than {@link FileLogAccess#MAX_LINE}). Such a
         * line, when none of its literals' signatures applies to nginx's error log, is set aside without
         * being decoded: on a busy WordPress host a quarter of the lines name {@code /wp-content/plugins/},
         * the literal of a slowlog signature.
         */
        private boolean nginxErrorLine(int start, int end) {
            if (end - start < Bytes.STAMP || end - start > FileLogAccess.MAX_LINE) {
                return false;
            }
            return Bytes.stamped(buf, start);
        }

        private void handleLine(int start, int end, int firstMatch, long lineNumber) {
            int lineStart = start;
            // Candidate lines can be most lines of a pathological log: check the deadline between them
            // too, not only between buffers. Lines are still counted; only matching stops.
            if (expired || (++handled & 63) == 0 && System.nanoTime() > deadlineNanos) {
                expired = true;
                return;
            }
            int len = end - start;
            if (len > 0 && buf[end - 1] == '\r') {
                len--;
            }
            boolean truncated = len > FileLogAccess.MAX_LINE;
            int shape = pendingFrames && frameLinesAside ? FrameLines.shape(buf, start, start + len) : FrameLines.OTHER;
            if (shape != FrameLines.OTHER) {
                // a PHP stack-trace line no signature of its literals can match: only what the full path would
                // change, without decoding it (FrameLines)
                setAside++;
                if (shape == FrameLines.NUMBERED
                        && (formats.containsKey(LogFormat.MYSQL_SLOW) || later.containsKey(LogFormat.MYSQL_SLOW))
                        && SlowQueryRecords.inEntry(buf, regionFrom, lineStart)) {
                    return;
                }
                records.timeOf(buf, regionFrom, lineStart);
                return;
            }
            if (truncated && firstMatch - start > FileLogAccess.MAX_LINE / 2) {
                // a huge line: keep the part around the match, not its (possibly junk) beginning
                int from = Math.max(start, firstMatch - 1024);
                len -= from - start;
                start = from;
            }
            int decoded = Math.min(len, FileLogAccess.MAX_LINE);
            int kinds = Bytes.kinds(buf, start, start + decoded);
            String text = decode(buf, start, decoded, kinds);
            LogFormat format = LineFormats.detect(text);
            // lines of no known format: a wrapper, decoration or a fragment (see the unwrap package)
            Unwrap.Peeled peeled = format == LogFormat.UNKNOWN ? Unwrap.peel(text) : null;
            if (peeled != null) {
                text = peeled.text();
                format = peeled.format();
            }
            if (format == LogFormat.MYSQL_SLOW && peeled == null) {
                text = SlowQueryRecords.join(text, buf, end, regionTo); // one record of the entry's lines
            } else if (format == LogFormat.UNKNOWN && peeled == null
                    && (formats.containsKey(LogFormat.MYSQL_SLOW) || later.containsKey(LogFormat.MYSQL_SLOW))
                    && SlowQueryRecords.inEntry(buf, regionFrom, lineStart)) {
                return; // a statement's line: data joined into its entry's record, no log line
            }
            boolean fragment = format == LogFormat.UNKNOWN && Unwrap.mayBeFragment(text);
            // the decoded bytes of one line hold no line break (a peeled text may have unescaped one, a slow-query
            // record joins lines): the hand readers then need not search for one
            boolean oneLine = peeled == null && format != LogFormat.MYSQL_SLOW;
            Aggregate.LineRef ref = null;
            Instant at = null;
            boolean dated = false;
            String kept = null;
            Map<String, String> derived = null;
            Sites.Named named = null;
            // whether the text has no surrogate (PhpRelay.countable): 1 yes, -1 no, 0 not known. A surrogate pair
            // comes only from a 4-byte UTF-8 sequence, which decodes to fewer characters than bytes: a text as long
            // as its bytes has none (a peeled text may have unescaped some, so it is looked at)
            int countable = peeled == null && text.length() == decoded ? 1 : 0;
            boolean otherSite = false;
            boolean siteRead = false;
            boolean tallied = false;
            for (int li = 0; li < pendingCount; li++) {
                for (int sig : compiled.literalSignatures()[pendingLiterals[li]]) {
                    Signature s = signatures.get(sig);
                    if (!fragment && !s.appliesTo(format)) {
                        continue;
                    }
                    if (!dated) {
                        dated = true;
                        if (format == LogFormat.NGINX_ERROR && peeled == null && decoded >= Bytes.STAMP
                                && Bytes.stamped(buf, start)) {
                            at = stamps.at(buf, start, text); // the text is these bytes decoded (StampClock)
                        } else {
                            at = format == LogFormat.UNKNOWN ? null
                                    : LineFormats.timestamp(format, text, zone, defaultYear);
                        }
                        if (at == null && peeled != null) {
                            at = peeled.at();
                        }
                        if (at == null) {
                            // a continuation line takes the time of its record (see RecordClock)
                            at = records.timeOf(buf, regionFrom, lineStart);
                        }
                        if (at != null && ((since != null && at.isBefore(since))
                                || (until != null && at.isAfter(until)))) {
                            return;
                        }
                    }
                    Map<String, String> fields;
                    if (s.pattern() != null) {
                        MessageReader r = readers[sig];
                        if (r == null) {
                            r = reader(sig).copy();
                            readers[sig] = r;
                        }
                        if (countable == 0 && r.needsCountable()) {
                            countable = PhpRelay.countable(text) ? 1 : -1;
                        }
                        // on the bytes when they are the text (neither peeled nor joined, ASCII without NUL)
                        fields = r.read(text, countable, oneLine, kinds == 0 && oneLine ? buf : null, start);
                        if (fields == null) {
                            continue;
                        }
                    } else {
                        fields = new LinkedHashMap<>();
                    }
                    if (!siteRead) {
                        siteRead = true;
                        // on the bytes when they are the text (neither peeled nor joined, ASCII without NUL)
                        named = format == LogFormat.NGINX_ERROR && kinds == 0 && oneLine
                                ? Sites.nginx(buf, start, decoded) : Sites.of(format, text);
                        if (named == null) {
                            named = fileSite; // a line of a site's own log file is about that site
                        }
                        otherSite = named != null && !site.isEmpty() && !named.isAbout(site);
                    }
                    if (named != null && !tallied
                            && (!s.causes().isEmpty() || (s.httpStatus() != null && s.httpStatus() >= 500))) {
                        tallied = true;
                        // nginx's upstream: "fastcgi://unix:...", or Apache's bare unix socket path
                        String upstream = fields.get("upstream") != null || fields.get("socket") == null
                                ? fields.get("upstream") : "unix:" + fields.get("socket");
                        aggregate.site(named.label(), at, otherSite, s.causes().isEmpty() ? null : s.causes().get(0),
                                upstream);
                    }
                    if (otherSite) {
                        continue; // a line of another site: set aside, only tallied
                    }
                    if (derived == null) {
                        // the text is the bytes when it was neither peeled nor joined and they are ASCII without NUL
                        derived = kinds == 0 && oneLine ? Attribution.of(buf, start, decoded) : Attribution.of(text);
                    }
                    derived.forEach(fields::putIfAbsent);
                    if (peeled != null && peeled.source() != null) {
                        fields.putIfAbsent("source", peeled.source());
                    }
                    if (peeled != null && peeled.wrapper() != null) {
                        fields.putIfAbsent("wrapper", peeled.wrapper());
                    }
                    if (format != LogFormat.UNKNOWN && !formats.containsKey(format)) {
                        later.merge(format, 1L, Long::sum);
                    }
                    if (kept == null) {
                        // redacted when the result is assembled, only for what is kept
                        kept = keep(text, firstMatch - start, truncated);
                    }
                    if (at != null && ref == null && oneLine && bufOffset >= 0 && rereadTimeline) {
                        // the timeline keeps where the line is; its text and fields are read again if it is kept
                        ref = new Aggregate.LineRef(bufOffset + start, decoded, firstMatch - start, truncated,
                                Aggregate.LineRef.check(buf, start, decoded));
                    }
                    // an immutable copy only for an event kept whole (its fields' order is the copy's): samples read
                    // single fields, the tallies take the copy's order (Aggregate.PerSignature#order)
                    aggregate.add(sig, new Aggregate.Hit(segment.index(), lineNumber, at, kept,
                            at == null || ref != null ? fields : Map.copyOf(fields)), ref, HEAD_SAMPLES, TAIL_SAMPLES);
                }
            }
        }

        /**
         * Classifies {@value #PROBE_LINES} lines spread evenly over {@code buf[0, end)} of a source searched
         * with a narrowed catalogue. A line of a format outside it, or a wrapped line (a wrapper that starts
         * later), widens the search to the whole catalogue from this buffer on and names the format among the
         * file's. Bounded: at most {@value #PROBE_LINES} lines of at most 4096 bytes per buffer.
         */
        private void probe(int end) {
            int last = -1;
            for (int k = 0; k < PROBE_LINES; k++) {
                int at = (int) ((long) k * end / PROBE_LINES);
                int start = at == 0 ? 0 : Bytes.indexOfNewline(buf, at - 1, end) + 1;
                if (start <= 0 && at > 0 || start <= last || start >= end) {
                    continue; // no line starts here, or it was probed already
                }
                last = start;
                int nl = Bytes.indexOfNewline(buf, start, end);
                int stop = nl < 0 ? end : nl;
                if (stop == start) {
                    continue;
                }
                String line = new String(buf, start, Math.min(stop - start, 4096), StandardCharsets.UTF_8);
                LogFormat f = LineFormats.detect(line);
                boolean wrapper = false;
                if (f == LogFormat.UNKNOWN) {
                    Unwrap.Peeled p = Unwrap.peel(line);
                    if (p != null) {
                        f = p.format();
                        wrapper = f != LogFormat.UNKNOWN;
                    }
                }
                if (f != LogFormat.UNKNOWN && (wrapper || !narrowed.contains(f))) {
                    later.merge(f, 1L, Long::sum);
                    compiled = full(); // from now on this source is searched with the whole catalogue
                    narrowed = null;
                    return;
                }
            }
        }

        /**
         * Whether at least half of the first {@value #FORMAT_SAMPLE_LINES} lines of {@code buf[0, end)} are nginx error
         * log lines on their raw bytes (as {@link #processSplit} tells them): a source searched with the whole catalogue
         * then searches those lines for their own literals only. Lines of a container's or the journal's wrapping are
         * not: for them the split search would only add its line walk.
         */
        private boolean mostlyNginx(int end) {
            int lines = 0;
            int nginx = 0;
            int i = 0;
            while (i < end && lines < FORMAT_SAMPLE_LINES) {
                int nl = Bytes.indexOfNewline(buf, i, end);
                int stop = nl < 0 ? end : nl;
                lines++;
                if (stop - i <= MAX_KEPT && nginxErrorLine(i, stop)) {
                    nginx++;
                }
                i = stop + 1;
            }
            return lines > 0 && nginx * 2 >= lines;
        }

        private Map<LogFormat, Long> sampleFormats(int end) {
            Map<LogFormat, Long> sample = new EnumMap<>(LogFormat.class);
            int i = 0;
            int lines = 0;
            while (i < end && lines < FORMAT_SAMPLE_LINES) {
                int nl = Bytes.indexOfNewline(buf, i, end);
                if (nl < 0) {
                    break;
                }
                if (nl > i) {
                    String line = new String(buf, i, Math.min(nl - i, 4096), StandardCharsets.UTF_8);
                    LogFormat f = LineFormats.detect(line);
                    if (f == LogFormat.UNKNOWN) {
                        Unwrap.Peeled p = Unwrap.peel(line);
                        if (p != null) {
                            f = p.format();
                            wrapped = true;
                        }
                    }
                    sample.merge(f, 1L, Long::sum);
                    lines++;
                }
                i = nl + 1;
            }
            return sample;
        }
    }

    /**
     * The text of a line's {@code length} bytes from {@code from}: one pass over the bytes (eight a step) instead
     * of the decoder's scan for non-ASCII bytes and a search of the text for NUL, both character loops under C1:
     * ASCII decodes the same as ISO-8859-1 (a plain copy), and only a 0x00 byte decodes to NUL (then U+FFFD).
     */
    static String decode(byte[] b, int from, int length) {
        return decode(b, from, length, Bytes.kinds(b, from, from + length));
    }

    /** {@link #decode(byte[], int, int)} with {@link Bytes#kinds} of the bytes known. */
    static String decode(byte[] b, int from, int length, int kinds) {
        String text = new String(b, from, length, (kinds & Bytes.HIGH) == 0 ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
        return (kinds & Bytes.NUL) != 0 ? text.replace('\0', '\uFFFD') : text;
    }

    /**
     * The evidence text kept of a matching line: whole up to {@link #MAX_KEPT} characters (nginx writes at
     * most 2 KiB a line, Apache 8 KiB), otherwise {@link #MAX_KEPT} characters around the match, marked as
     * cut. Bounds the work every later stage (redaction, ranking, rendering) does per line.
     */
    static String keep(String text, int matchOffset, boolean truncated) {
        if (text.length() <= MAX_KEPT) {
            return truncated ? text + " [... line cut at " + FileLogAccess.MAX_LINE + " bytes]" : text;
        }
        int from = Math.max(0, Math.min(matchOffset - 1024, text.length() - MAX_KEPT));
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from++;
        }
        int to = Math.min(text.length(), from + MAX_KEPT);
        if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
            to--;
        }
        return (from > 0 ? "[...] " : "") + text.substring(from, to) + " [... line cut at " + MAX_KEPT
                + " characters]";
    }

    private static InputStream sniffGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * Fills as much of {@code buf} as the stream gives. An error after some bytes were read is held
     * back until the next call, so that the bytes before a truncated gzip's end are still scanned.
     */
    private static int readFully(InputStream in, byte[] buf, int off, int len, IOException[] deferred)
            throws IOException {
        if (deferred[0] != null) {
            IOException e = deferred[0];
            deferred[0] = null;
            throw e;
        }
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(buf, off + total, len - total);
            } catch (IOException e) {
                if (total == 0) {
                    throw e;
                }
                deferred[0] = e;
                break;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total == 0 ? -1 : total;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to do: the source was only read
            }
        }
    }

    // ---------------------------------------------------------------- assembling

    private LogScan assemble(List<Path> files, List<Segment> segments, List<TaskResult> results,
                             List<String> problems, long startNanos) {
        // absolute line numbers: each segment starts after the lines of the segments before it
        Map<Integer, Long> lineBase = new LinkedHashMap<>();
        Map<String, List<TaskResult>> byFile = new LinkedHashMap<>();
        for (TaskResult r : results) {
            byFile.computeIfAbsent(r.segment().name(), k -> new ArrayList<>()).add(r);
        }
        List<ScannedFile> scanned = new ArrayList<>();
        long bytes = 0;
        long lines = 0;
        Aggregate all = new Aggregate();
        for (List<TaskResult> parts : byFile.values()) {
            long base = Math.max(0, parts.get(0).segment().skippedLines());
            long fileBytes = 0;
            long fileLines = base;
            boolean complete = true;
            Map<LogFormat, Long> formats = new EnumMap<>(LogFormat.class);
            Map<LogFormat, Long> later = new EnumMap<>(LogFormat.class);
            List<String> fileProblems = new ArrayList<>();
            for (TaskResult r : parts) {
                r.later().forEach((k, v) -> later.merge(k, v, Long::sum));
                lineBase.put(r.segment().index(), fileLines);
                fileLines += r.lines();
                fileBytes += r.bytes();
                complete &= r.complete();
                r.formats().forEach((k, v) -> formats.merge(k, v, Long::sum));
                fileProblems.addAll(r.problems());
                all.merge(r.aggregate(), HEAD_SAMPLES, TAIL_SAMPLES);
            }
            later.forEach(formats::putIfAbsent); // formats met after the sample, not counted over again
            problems.addAll(fileProblems);
            if (parts.get(0).segment().skippedLines() > 0) {
                // not a problem: recorded on the file only
                fileProblems.add(parts.get(0).segment().name() + ": skipped " + base
                        + " lines dated before the time window without matching them");
            }
            bytes += fileBytes;
            lines += fileLines;
            scanned.add(new ScannedFile(parts.get(0).segment().name(), formats, fileBytes, fileLines, complete,
                    fileProblems));
        }
        // Everything kept is redacted here, after reading: bounded by the result deadline. Counts, first and
        // last times are kept whatever happens; evidence lines not redacted in time are dropped, never kept
        // unredacted, and the scan says so.
        long[] dropped = new long[1];
        // The timeline newest first, so that a cut keeps the incident's end. Its events (read again, redacted) are
        // built by a second thread while this one redacts the signatures' samples and values, then by both.
        List<Aggregate.Event> events = new ArrayList<>(all.events);
        events.sort(NEWEST_FIRST);
        TimelineWork work = new TimelineWork(events, segments, lineBase);
        Thread helper = parallelism > 1 && events.size() >= PARALLEL_TIMELINE ? work.start() : null;
        List<SignatureHits> hits = new ArrayList<>();
        all.bySignature.forEach((sig, per) -> {
            List<Evidence.LogLine> samples = new ArrayList<>();
            for (Aggregate.Hit h : per.head) {
                if (late()) {
                    dropped[0]++;
                } else {
                    samples.add(toLine(h, segments, lineBase));
                }
            }
            for (Aggregate.Hit h : per.tail) {
                if (late()) {
                    dropped[0]++;
                } else {
                    samples.add(toLine(h, segments, lineBase));
                }
            }
            Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
            per.fields.forEach((field, values) -> {
                Map<String, Long> out = new LinkedHashMap<>();
                values.forEach((value, n) -> {
                    if (late()) {
                        dropped[0]++;
                    } else {
                        out.merge(redactor.apply(value), n, Long::sum);
                    }
                });
                fields.put(field, out);
            });
            hits.add(new SignatureHits(signatures.get(sig), per.count, per.first, per.last, samples,
                    per.histogram(), fields));
        });
        hits.sort(HITS_ORDER);
        work.run();
        work.finish(helper);
        List<LogEvent> timeline = new ArrayList<>();
        Map<String, Long> changed = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Object done = work.out[i];
            if (done == null) {
                // not built before the result deadline: this and every later (older) event is dropped
                dropped[0] += events.size() - timeline.size();
                break;
            }
            if (done == CHANGED) {
                changed.merge(segments.get(events.get(i).hit().segment()).name(), 1L, Long::sum);
                continue;
            }
            timeline.add((LogEvent) done);
        }
        changed.forEach((name, n) -> problems.add(name + ": " + n + " timeline lines were left out: the file changed"
                + " on disk while it was scanned (the bytes at their place are no longer those matched)"));
        timeline.sort(TIMELINE_ORDER);
        if (dropped[0] > 0) {
            // Not a file's fault, but the evidence is incomplete: every source says so.
            String cut = "the scan's result was cut at the deadline: " + dropped[0]
                    + " evidence lines and values were not kept (counts are complete for what was read)";
            problems.add(cut);
            scanned = scanned.stream().map(f -> {
                List<String> p = new ArrayList<>(f.problems());
                p.add(f.path() + ": " + cut);
                return new ScannedFile(f.path(), f.formats(), f.bytes(), f.lines(), false, p);
            }).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        List<String> allProblems = new ArrayList<>(new TreeSet<>(problems));
        List<SiteHits> sites = new ArrayList<>();
        all.sites.forEach((name, t) -> sites.add(new SiteHits(redactor.apply(name), t.count, t.first, t.last,
                t.setAside, t.causes, t.upstreams.stream().map(redactor).toList())));
        sites.sort(SITES_ORDER);
        return new LogScan(bytes, lines, Duration.ofNanos(System.nanoTime() - startNanos), scanned, hits, timeline,
                allProblems, sites);
    }

    // The orders below are written out rather than built with Comparator.comparing/thenComparing/reversed: those
    // build serializable lambdas (LambdaMetafactory.altMetafactory), which the class-data archive cannot hold, so
    // every scan and diagnose spun their classes at run time. Same keys, directions and ties as the chains they
    // replace (ScanOrdersTest compares them on random inputs).

    /** Timeline events newest first (was {@code comparing(e -> e.hit().at()).reversed()}). */
    static final Comparator<Aggregate.Event> NEWEST_FIRST = (x, y) -> y.hit().at().compareTo(x.hit().at());

    /** Signatures by count, most first, then by id (was {@code comparingLong(count).reversed().thenComparing(id)}). */
    static final Comparator<SignatureHits> HITS_ORDER = (x, y) -> {
        int c = Long.compare(y.count(), x.count());
        return c != 0 ? c : x.id().compareTo(y.id());
    };

    /** The timeline by time, then file, then line (was {@code comparing(at).thenComparing(file)...Long(line)}). */
    static final Comparator<LogEvent> TIMELINE_ORDER = (x, y) -> {
        int c = x.at().compareTo(y.at());
        if (c == 0) {
            c = x.line().file().compareTo(y.line().file());
        }
        return c != 0 ? c : Long.compare(x.line().line(), y.line().line());
    };

    /** Sites by count, most first, then by name (was {@code comparingLong(count).reversed().thenComparing(site)}). */
    static final Comparator<SiteHits> SITES_ORDER = (x, y) -> {
        int c = Long.compare(y.count(), x.count());
        return c != 0 ? c : x.site().compareTo(y.site());
    };

    /** Timeline events from which a second thread helps build the result (fewer: this thread alone). */
    static final int PARALLEL_TIMELINE = 64;
    /** Timeline events a thread takes at a time. */
    private static final int TIMELINE_CHUNK = 16;
    /** A timeline event left out: its line is no longer on disk as it was matched. */
    private static final Object CHANGED = new Object();

    /**
     * Builds the timeline's events (each read again when kept by its place, its text and field values
     * redacted) on every thread that {@linkplain #run() runs} it, taking chunks of events in turn; {@link #out}
     * holds, per event, its {@link LogEvent}, {@link #CHANGED}, or null when it was not built before the result
     * deadline (the thread that saw the deadline stops all). The result is the same whichever thread built what.
     */
    private final class TimelineWork implements Runnable {
        private final List<Aggregate.Event> events;
        private final List<Segment> segments;
        private final Map<Integer, Long> lineBase;
        final Object[] out;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean stop;
        private volatile Throwable failure;

        TimelineWork(List<Aggregate.Event> events, List<Segment> segments, Map<Integer, Long> lineBase) {
            this.events = events;
            this.segments = segments;
            this.lineBase = lineBase;
            this.out = new Object[events.size()];
        }

        /** A second thread running this, started. */
        Thread start() {
            Thread t = new Thread(() -> {
                try {
                    run();
                } catch (Throwable e) { // handed to the assembling thread by finish()
                    failure = e;
                    stop = true;
                }
            }, "gateway-doctor-scan-result");
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void run() {
            Map<Path, FileChannel> channels = new LinkedHashMap<>();
            Map<Integer, MessageReader> rereaders = new LinkedHashMap<>();
            try {
                while (!stop) {
                    int from = next.getAndAdd(TIMELINE_CHUNK);
                    if (from >= events.size()) {
                        return;
                    }
                    int to = Math.min(events.size(), from + TIMELINE_CHUNK);
                    for (int i = from; i < to; i++) {
                        if (late()) {
                            stop = true;
                            return;
                        }
                        out[i] = build(events.get(i), channels, rereaders);
                    }
                }
            } catch (RuntimeException | Error e) {
                stop = true;
                throw e;
            } finally {
                channels.values().forEach(ScanEngine::closeQuietly);
            }
        }

        private Object build(Aggregate.Event e, Map<Path, FileChannel> channels, Map<Integer, MessageReader> rereaders) {
            Aggregate.Hit hit = e.line() == null ? e.hit() : reread(e, segments, channels, rereaders);
            if (hit == null) {
                return CHANGED;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            hit.fields().forEach((k, v) -> fields.put(k, redactor.apply(v)));
            return new LogEvent(hit.at(), signatures.get(e.signature()).id(), toLine(hit, segments, lineBase), fields);
        }

        /** Waits for {@code helper} (if any) to end, whatever interrupts come, and rethrows what it threw. */
        void finish(Thread helper) {
            if (helper == null) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    helper.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable f = failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    /**
     * The hit of a timeline event kept only by its place ({@link Aggregate.LineRef}): its line read again from the
     * file and read as {@code handleLine} read it (the decoded text of one line, neither peeled nor joined: the
     * signature's reader, the plugin/theme attribution, the kept text); null when the bytes there are no longer
     * those matched (the file changed on disk, or cannot be read).
     */
    private Aggregate.Hit reread(Aggregate.Event e, List<Segment> segments, Map<Path, FileChannel> channels,
                                 Map<Integer, MessageReader> rereaders) {
        Aggregate.LineRef ref = e.line();
        Aggregate.Hit h = e.hit();
        Path file = segments.get(h.segment()).file();
        byte[] b = new byte[ref.length()];
        try {
            FileChannel ch = channels.get(file);
            if (ch == null) {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                channels.put(file, ch);
            }
            if (ref.length() > 0 && Task.readAt(ch, ref.offset(), b, 0, b.length) != b.length) {
                return null;
            }
        } catch (IOException | RuntimeException ex) {
            return null;
        }
        if (Aggregate.LineRef.check(b, 0, b.length) != ref.check()) {
            return null;
        }
        String text = decode(b, 0, b.length);
        Signature s = signatures.get(e.signature());
        Map<String, String> fields;
        if (s.pattern() != null) {
            MessageReader r = rereaders.computeIfAbsent(e.signature(), sig -> reader(sig).copy());
            int countable = text.length() == b.length ? 1 : 0;
            if (countable == 0 && r.needsCountable()) {
                countable = PhpRelay.countable(text) ? 1 : -1;
            }
            fields = r.read(text, countable, true);
            if (fields == null) {
                return null;
            }
        } else {
            fields = new LinkedHashMap<>();
        }
        Attribution.of(text).forEach(fields::putIfAbsent);
        return new Aggregate.Hit(h.segment(), h.relativeLine(), h.at(), keep(text, ref.matchOffset(), ref.truncated()),
                Map.copyOf(fields));
    }

    /** Whether the result deadline has passed: what is not yet redacted is then dropped. */
    private boolean late() {
        return System.nanoTime() > resultDeadlineNanos;
    }

    private Evidence.LogLine toLine(Aggregate.Hit h, List<Segment> segments, Map<Integer, Long> lineBase) {
        Segment s = segments.get(h.segment());
        long base = lineBase.getOrDefault(h.segment(), 0L);
        return new Evidence.LogLine(s.name(), base + h.relativeLine(), h.at(), redactor.apply(h.text()),
                origin(h.fields()));
    }

    /** The container a hit's line came from, when a container runtime wrapped it (see {@link Unwrap}). */
    static Evidence.Origin origin(Map<String, String> fields) {
        String wrapper = fields.get("wrapper");
        if (wrapper == null) {
            return null;
        }
        String runtime = switch (wrapper) {
            case Unwrap.COMPOSE -> "docker-compose";
            case Unwrap.SWARM -> "docker-swarm";
            case Unwrap.JSON_FILE -> "docker";
            case Unwrap.CRI -> "kubernetes";
            case Unwrap.PODMAN -> "podman";
            default -> null;
        };
        return runtime == null ? null : new Evidence.Origin(runtime, fields.get("source"));
    }

    private static LogScan combine(LogScan a, LogScan b) {
        List<ScannedFile> files = new ArrayList<>(a.files());
        files.addAll(b.files());
        Map<String, SignatureHits> byId = new LinkedHashMap<>();
        for (SignatureHits h : a.signatures()) {
            byId.put(h.id(), h);
        }
        for (SignatureHits h : b.signatures()) {
            byId.merge(h.id(), h, ScanEngine::mergeHits);
        }
        List<SignatureHits> hits = new ArrayList<>(byId.values());
        hits.sort(HITS_ORDER);
        List<LogEvent> timeline = new ArrayList<>(a.timeline());
        timeline.addAll(b.timeline());
        timeline.sort(TIMELINE_ORDER);
        if (timeline.size() > LogScanner.MAX_TIMELINE) {
            timeline = new ArrayList<>(timeline.subList(timeline.size() - LogScanner.MAX_TIMELINE, timeline.size()));
        }
        List<String> problems = new ArrayList<>(a.problems());
        problems.addAll(b.problems());
        Map<String, SiteHits> sites = new LinkedHashMap<>();
        for (SiteHits h : a.sites()) {
            sites.put(h.site(), h);
        }
        for (SiteHits h : b.sites()) {
            sites.merge(h.site(), h, (x, y) -> new SiteHits(x.site(), x.count() + y.count(),
                    x.firstSeen() == null || (y.firstSeen() != null && y.firstSeen().isBefore(x.firstSeen()))
                            ? y.firstSeen() : x.firstSeen(),
                    x.lastSeen() == null || (y.lastSeen() != null && y.lastSeen().isAfter(x.lastSeen()))
                            ? y.lastSeen() : x.lastSeen(), x.setAside() || y.setAside(), mergeCauses(x, y),
                    java.util.stream.Stream.concat(x.upstreams().stream(), y.upstreams().stream()).distinct()
                            .limit(SiteHits.MAX_UPSTREAMS).toList()));
        }
        List<SiteHits> siteList = new ArrayList<>(sites.values());
        siteList.sort(SITES_ORDER);
        return new LogScan(a.bytesScanned() + b.bytesScanned(), a.linesScanned() + b.linesScanned(),
                a.elapsed().plus(b.elapsed()), files, hits, timeline, problems, siteList);
    }

    private static Map<org.gatewaydoctor.model.CauseCode, Long> mergeCauses(SiteHits x, SiteHits y) {
        Map<org.gatewaydoctor.model.CauseCode, Long> out = new java.util.TreeMap<>(x.causes());
        y.causes().forEach((c, n) -> out.merge(c, n, Long::sum));
        return out;
    }

    private static SignatureHits mergeHits(SignatureHits a, SignatureHits b) {
        Instant first = a.firstSeen() == null ? b.firstSeen()
                : b.firstSeen() == null || a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen();
        Instant last = a.lastSeen() == null ? b.lastSeen()
                : b.lastSeen() == null || a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen();
        List<Evidence.LogLine> samples = new ArrayList<>(a.samples().subList(0, Math.min(HEAD_SAMPLES,
                a.samples().size())));
        List<Evidence.LogLine> rest = new ArrayList<>(a.samples().subList(samples.size(), a.samples().size()));
        rest.addAll(b.samples());
        samples.addAll(rest.subList(Math.max(0, rest.size() - TAIL_SAMPLES), rest.size()));
        java.util.TreeMap<Instant, Long> perMinute = new java.util.TreeMap<>(a.perMinute());
        b.perMinute().forEach((k, v) -> perMinute.merge(k, v, Long::sum));
        Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
        a.fields().forEach((k, v) -> fields.put(k, new LinkedHashMap<>(v)));
        b.fields().forEach((k, v) -> {
            Map<String, Long> mine = fields.computeIfAbsent(k, x -> new LinkedHashMap<>());
            v.forEach((value, n) -> mine.merge(mine.containsKey(value) || mine.size() < LogScanner.MAX_FIELD_VALUES
                    ? value : "(other)", n, Long::sum));
        });
        return new SignatureHits(a.signature(), a.count() + b.count(), first, last, samples, perMinute, fields);
    }
}
