package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.config.ConfigProblem.Severity;

/**
 * Reads a PHP-FPM configuration the way PHP-FPM 8.2 does ({@code sapi/fpm/fpm/fpm_conf.c}).
 *
 * <pre>{@code
 * FpmConfig config = FpmConfigParser.standard().parse(Path.of("/etc/php/8.2/fpm/php-fpm.conf"));
 * for (FpmPool pool : config.pools()) {
 *     pool.listen().address().ifPresent(a -> System.out.println(pool.name() + " " + a));
 * }
 * config.problems().forEach(System.out::println);   // FATAL /etc/php/8.2/fpm/pool.d/www.conf:12: unknown entry 'bogus'
 * }</pre>
 *
 * <p>What PHP-FPM does, and so this parser:
 * <ul>
 *   <li>every line is read on its own ({@link IniLine}); a key before any section, or after {@code [global]},
 *       is a global setting; any other section opens a pool, or reopens one of the same name (case-insensitive);
 *   <li>{@code include = pattern} (exact, lower case) expands a glob after its line, relative to the prefix
 *       ({@code -p}, else {@code /usr}); the files are read in sorted order and the section they end in stays
 *       current afterwards; at most 5 files deep; no match is a warning, an unreadable directory fatal;
 *   <li>keys are case-insensitive; an unknown key, a bad number, time or boolean is fatal; a string set twice
 *       keeps the last value; {@code $pool} in a string or an array value becomes the pool's name (fatal in
 *       {@code [global]});
 *   <li>after reading: relative paths (unix {@code listen}, {@code slowlog}, {@code access.log},
 *       {@code chdir}, {@code php_value[error_log]} and the other path ini keys) resolved against the pool's
 *       prefix, else the global one; the master's {@code pid} and {@code error_log} against the prefix, else
 *       {@code /var}; defaults and derived values filled in; the checks of {@code fpm_conf_process_all_pools}
 *       applied (each failure is a {@link Severity#FATAL} problem; PHP-FPM stops at the first, this parser
 *       reports them all).
 * </ul>
 *
 * <p>Not done: checks that need the running system (the prefix and {@code chdir} exist, the slowlog can be
 * created, users exist, the socket can be bound; php-fpm fails on each) and PHP constants in values.
 * Instances are immutable and thread-safe.
 */
public final class FpmConfigParser {

    /** Debian's build: {@code --prefix=/usr}, {@code --localstatedir=/var}. */
    public static final String DEFAULT_PHP_PREFIX = "/usr";

    /** Where a relative {@code pid} or {@code error_log} goes without {@code -p}. */
    public static final String DEFAULT_LOCAL_STATE_DIR = "/var";

    /** PHP-FPM's include depth: {@code fpm_conf_load_ini_file} fails beyond 5 nested files. */
    static final int MAX_INCLUDE_DEPTH = 5;

    /**
     * What one parse may read.
     *
     * @param maxFileBytes bytes read from one file (the rest is ignored with a problem)
     * @param maxFiles files read in all
     * @param maxLineChars characters in one line (longer lines are skipped with a problem)
     * @param maxPools pools kept
     * @param maxProblems problems kept
     * @param maxGlobMatches paths one include may expand to
     * @param maxDirEntries directory entries one include may look at
     * @param maxArrayEntriesPerPool {@code php_value}/{@code env} lines kept per pool
     */
    public record Limits(long maxFileBytes, int maxFiles, int maxLineChars, int maxPools, int maxProblems,
            int maxGlobMatches, int maxDirEntries, int maxArrayEntriesPerPool) {

        /** 1 MiB per file, 256 files, 16 Ki characters per line, 512 pools, 500 problems, 1000 matches. */
        public static final Limits DEFAULT = new Limits(1 << 20, 256, 16 * 1024, 512, 500, 1000, 20_000, 1000);

        public Limits {
            if (maxFileBytes < 1 || maxFiles < 1 || maxLineChars < 1 || maxPools < 1 || maxProblems < 1
                    || maxGlobMatches < 1 || maxDirEntries < 1 || maxArrayEntriesPerPool < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final Optional<Path> root;
    private final Optional<String> prefix;
    private final String phpPrefix;
    private final String localStateDir;
    private final Map<String, String> env;
    private final Limits limits;

    private FpmConfigParser(Optional<Path> root, Optional<String> prefix, String phpPrefix, String localStateDir,
            Map<String, String> env, Limits limits) {
        this.root = root;
        this.prefix = prefix;
        this.phpPrefix = phpPrefix;
        this.localStateDir = localStateDir;
        this.env = Map.copyOf(env);
        this.limits = limits;
    }

    /** PHP-FPM as Debian and Ubuntu build it, started without {@code -p}, with an empty environment. */
    public static FpmConfigParser standard() {
        return new FpmConfigParser(Optional.empty(), Optional.empty(), DEFAULT_PHP_PREFIX, DEFAULT_LOCAL_STATE_DIR,
                Map.of(), Limits.DEFAULT);
    }

    /** As if PHP-FPM were started with {@code -p prefix} (also used for includes). */
    public FpmConfigParser withPrefix(String newPrefix) {
        return new FpmConfigParser(root, Optional.of(Objects.requireNonNull(newPrefix, "prefix")), phpPrefix,
                localStateDir, env, limits);
    }

    /** PHP's compiled-in {@code --prefix} and {@code --localstatedir}. */
    public FpmConfigParser withInstallDirs(String newPhpPrefix, String newLocalStateDir) {
        return new FpmConfigParser(root, prefix, Objects.requireNonNull(newPhpPrefix, "phpPrefix"),
                Objects.requireNonNull(newLocalStateDir, "localStateDir"), env, limits);
    }

    /**
     * The PHP-FPM master's environment, which {@code ${NAME}} in values reads (for instance from
     * {@code /proc/PID/environ}); names it lacks read as empty, with a problem saying so.
     */
    public FpmConfigParser withEnvironment(Map<String, String> newEnv) {
        return new FpmConfigParser(root, prefix, phpPrefix, localStateDir, newEnv, limits);
    }

    /** Other bounds. */
    public FpmConfigParser withLimits(Limits newLimits) {
        return new FpmConfigParser(root, prefix, phpPrefix, localStateDir, env, Objects.requireNonNull(newLimits));
    }

    /**
     * Reads the files from under {@code newRoot}, as if it were {@code /}: a server's configuration copied
     * elsewhere ({@code /etc/php/8.2/fpm/php-fpm.conf} is read from {@code newRoot/etc/php/8.2/fpm/php-fpm.conf}).
     * Paths in the result stay as the server sees them.
     */
    public FpmConfigParser withRoot(Path newRoot) {
        return new FpmConfigParser(Optional.of(Objects.requireNonNull(newRoot, "root")), prefix, phpPrefix,
                localStateDir, env, limits);
    }

    /** Reads the configuration starting at {@code mainFile}. Never throws; see {@link FpmConfig#problems()}. */
    public FpmConfig parse(Path mainFile) {
        Run run = new Run(mainFile.toString());
        try {
            run.load(mainFile.toString(), Optional.empty(), 1);
            return run.finish();
        } catch (RuntimeException e) {
            run.problem(Severity.INCOMPLETE, Origin.file(mainFile.toString()),
                    "parser failure, configuration read only in part: " + e);
            return run.finish();
        }
    }

    // ----------------------------------------------------------------------------------------------------

    /** How a directive's value is read. */
    private enum Kind {
        STRING, INT, TIME, BOOL, PM, LOG_LEVEL, RLIMIT_CORE, SYSLOG_FACILITY
    }

    private static final Map<String, Kind> GLOBAL_OPTIONS = options(
            "pid", Kind.STRING, "error_log", Kind.STRING, "syslog.ident", Kind.STRING,
            "syslog.facility", Kind.SYSLOG_FACILITY, "log_buffering", Kind.BOOL, "log_level", Kind.LOG_LEVEL,
            "log_limit", Kind.INT, "emergency_restart_threshold", Kind.INT, "emergency_restart_interval", Kind.TIME,
            "process_control_timeout", Kind.TIME, "process.max", Kind.INT, "process.priority", Kind.INT,
            "daemonize", Kind.BOOL, "rlimit_files", Kind.INT, "rlimit_core", Kind.RLIMIT_CORE,
            "events.mechanism", Kind.STRING, "systemd_interval", Kind.TIME);

    private static final Map<String, Kind> POOL_OPTIONS = options(
            "prefix", Kind.STRING, "user", Kind.STRING, "group", Kind.STRING, "listen", Kind.STRING,
            "listen.backlog", Kind.INT, "listen.acl_users", Kind.STRING, "listen.acl_groups", Kind.STRING,
            "listen.owner", Kind.STRING, "listen.group", Kind.STRING, "listen.mode", Kind.STRING,
            "listen.allowed_clients", Kind.STRING, "process.priority", Kind.INT, "process.dumpable", Kind.BOOL,
            "pm", Kind.PM, "pm.max_children", Kind.INT, "pm.start_servers", Kind.INT,
            "pm.min_spare_servers", Kind.INT, "pm.max_spare_servers", Kind.INT, "pm.max_spawn_rate", Kind.INT,
            "pm.process_idle_timeout", Kind.TIME, "pm.max_requests", Kind.INT, "pm.status_path", Kind.STRING,
            "pm.status_listen", Kind.STRING, "ping.path", Kind.STRING, "ping.response", Kind.STRING,
            "access.log", Kind.STRING, "access.format", Kind.STRING, "slowlog", Kind.STRING,
            "request_slowlog_timeout", Kind.TIME, "request_slowlog_trace_depth", Kind.INT,
            "request_terminate_timeout", Kind.TIME, "request_terminate_timeout_track_finished", Kind.BOOL,
            "rlimit_files", Kind.INT, "rlimit_core", Kind.RLIMIT_CORE, "chroot", Kind.STRING, "chdir", Kind.STRING,
            "catch_workers_output", Kind.BOOL, "decorate_workers_output", Kind.BOOL, "clear_env", Kind.BOOL,
            "security.limit_extensions", Kind.STRING, "apparmor_hat", Kind.STRING);

    /** {@code FPM_PHP_INI_TO_EXPAND}: ini keys whose relative values PHP-FPM resolves against the prefix. */
    private static final Set<String> PATH_INI_KEYS = Set.of("error_log", "extension_dir", "mime_magic.magicfile",
            "sendmail_path", "session.cookie_path", "session_pgsql.sem_file_name", "soap.wsdl_cache_dir",
            "uploadprogress.file.filename_template", "xdebug.output_dir", "xdebug.profiler_output_dir",
            "xdebug.trace_output_dir", "xmms.path", "axis2.client_home", "blenc.key_file", "coin_acceptor.device");

    private static final Set<String> SYSLOG_FACILITIES = Set.of("auth", "authpriv", "cron", "daemon", "ftp",
            "kern", "lpr", "mail", "news", "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");

    private static Map<String, Kind> options(Object... pairs) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) {
            m.put((String) pairs[k], (Kind) pairs[k + 1]);
        }
        return Map.copyOf(m);
    }

    /** One section's settings while reading. */
    private static final class Section {
        final String name;
        final Origin origin;
        final Map<String, Setting<?>> values = new LinkedHashMap<>();
        final List<PhpIniSetting> php = new ArrayList<>();
        final List<PhpIniSetting> env = new ArrayList<>();
        boolean arraysTruncated;

        Section(String name, Origin origin) {
            this.name = name;
            this.origin = origin;
        }

        @SuppressWarnings("unchecked")
        <T> Optional<Setting<T>> get(String key) {
            return Optional.ofNullable((Setting<T>) values.get(key));
        }
    }

    /** One parse: the mutable state PHP-FPM keeps in globals. */
    private final class Run {
        final String mainFile;
        final Section global = new Section("global", Origin.builtIn("[global]"));
        final Map<String, Section> pools = new LinkedHashMap<>();
        Section current; // null: global
        final List<ConfigFile> files = new ArrayList<>();
        final List<ConfigProblem> problems = new ArrayList<>();
        int droppedProblems;
        boolean poolsTruncated;
        boolean filesTruncated;

        Run(String mainFile) {
            this.mainFile = mainFile;
        }

        void problem(Severity severity, Origin origin, String message) {
            if (problems.size() < limits.maxProblems()) {
                problems.add(new ConfigProblem(severity, origin, message));
            } else {
                droppedProblems++;
            }
        }

        String basePrefix() {
            return prefix.orElse(phpPrefix);
        }

        // --- reading ---------------------------------------------------------------------------------

        void load(String name, Optional<Origin> includedFrom, int depth) {
            Origin at = includedFrom.orElse(Origin.file(name));
            if (depth > MAX_INCLUDE_DEPTH) {
                problem(Severity.FATAL, at, "failed to include more than 5 files recursively (" + name + ")");
                return;
            }
            if (files.size() >= limits.maxFiles()) {
                if (!filesTruncated) {
                    filesTruncated = true;
                    problem(Severity.INCOMPLETE, at, "more than " + limits.maxFiles() + " files; " + name
                            + " and later ones not read");
                }
                return;
            }
            Optional<String> text = read(name, onDisk(name), at);
            if (text.isEmpty()) {
                return;
            }
            String[] lines = text.get().split("\n", -1);
            int count = lines.length;
            if (count > 0 && lines[count - 1].isEmpty()) {
                count--;
            }
            files.add(new ConfigFile(name, includedFrom, count));
            for (int n = 0; n < count; n++) {
                Origin origin = new Origin(name, n + 1);
                String line = lines[n];
                if (line.length() > limits.maxLineChars()) {
                    problem(Severity.INCOMPLETE, origin, "line longer than " + limits.maxLineChars()
                            + " characters, not read");
                    continue;
                }
                handle(IniLine.parse(line, env), line.strip(), origin, depth);
            }
        }

        /** Where a path the server sees is read from. */
        Path onDisk(String configPath) {
            if (root.isPresent() && configPath.startsWith("/")) {
                return root.get().resolve(configPath.substring(1));
            }
            return Path.of(configPath);
        }

        Optional<String> read(String name, Path file, Origin at) {
            String normalized = Path.of(name).toAbsolutePath().normalize().toString();
            if (normalized.startsWith("/proc/") || normalized.startsWith("/sys/") || normalized.startsWith("/dev/")) {
                problem(Severity.INCOMPLETE, at, "not read: " + name + " is a kernel or device file");
                return Optional.empty();
            }
            if (!Files.exists(file)) {
                problem(Severity.FATAL, at, "failed to open configuration file '" + name
                        + "': No such file or directory (2)");
                return Optional.empty();
            }
            if (!Files.isRegularFile(file)) {
                problem(Severity.FATAL, at, "failed to read configuration file '" + name + "': not a regular file");
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
            } catch (IOException | RuntimeException e) {
                problem(Severity.FATAL, at, "failed to open configuration file '" + name + "': " + Glob.describe(e));
                return Optional.empty();
            }
            if (bytes.length > limits.maxFileBytes()) {
                bytes = Arrays.copyOf(bytes, (int) limits.maxFileBytes());
                int lastNewline = lastIndexOf(bytes, (byte) '\n');
                if (lastNewline >= 0) {
                    bytes = Arrays.copyOf(bytes, lastNewline + 1);
                }
                problem(Severity.INCOMPLETE, Origin.file(name), "file larger than " + limits.maxFileBytes()
                        + " bytes; only its first " + bytes.length + " bytes read");
            }
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
            }
        }

        void handle(IniLine line, String text, Origin origin, int depth) {
            if (line instanceof IniLine.SyntaxError e) {
                problem(Severity.FATAL, origin, "PHP: " + e.message());
            } else if (line instanceof IniLine.BareKey b) {
                problem(Severity.FATAL, origin, "value is NULL for a ZEND_INI_PARSER_ENTRY ('" + b.key()
                        + "' has no '=')");
            } else if (line instanceof IniLine.Section sec) {
                section(sec.name(), origin);
            } else if (line instanceof IniLine.Entry e) {
                for (String var : e.unresolved()) {
                    problem(Severity.INCOMPLETE, origin, "${" + var + "} comes from php-fpm's environment, "
                            + "unknown here; read as empty");
                }
                if (!e.isArray() && e.key().equals("include")) {
                    include(e.value(), origin, depth);
                } else if (e.isArray()) {
                    array(e, text, origin);
                } else {
                    entry(e, text, origin);
                }
            }
        }

        void section(String name, Origin origin) {
            if (name.equalsIgnoreCase("global")) {
                current = null;
                return;
            }
            String key = name.toLowerCase(Locale.ROOT);
            Section existing = pools.get(key);
            if (existing != null) {
                current = existing;
                return;
            }
            if (pools.size() >= limits.maxPools()) {
                if (!poolsTruncated) {
                    poolsTruncated = true;
                    problem(Severity.INCOMPLETE, origin, "more than " + limits.maxPools() + " pools; [" + name
                            + "] and later ones not kept");
                }
                current = new Section(name, origin); // read, not kept
                return;
            }
            current = new Section(name, origin);
            pools.put(key, current);
        }

        void include(String pattern, Origin origin, int depth) {
            String path = pattern.startsWith("/") || pattern.isEmpty() ? pattern
                    : ListenAddress.join(basePrefix(), pattern);
            if (path.isEmpty()) {
                problem(Severity.FATAL, origin, "configuration filename is empty");
                return;
            }
            String rootText = root.map(r -> r.toString().replaceAll("/+$", "")).orElse("");
            String onDiskPattern = root.isPresent() && path.startsWith("/") ? rootText + path : path;
            Glob.Result r = Glob.expand(onDiskPattern, limits.maxGlobMatches(), limits.maxDirEntries());
            if (r.truncated()) {
                problem(Severity.INCOMPLETE, origin, "include pattern '" + path + "' matches too much; only the first "
                        + r.files().size() + " files read");
            }
            switch (r.outcome()) {
                case NO_MATCH -> problem(Severity.WARNING, origin,
                        "Nothing matches the include pattern '" + path + "'");
                case ABORTED -> problem(Severity.FATAL, origin, "Unable to globalize '" + path + "': " + r.error());
                case MATCHED -> {
                    for (Path p : r.files()) {
                        String seen = p.toString();
                        if (root.isPresent() && path.startsWith("/") && seen.startsWith(rootText + "/")) {
                            seen = seen.substring(rootText.length());
                        }
                        load(seen, Optional.of(origin), depth + 1);
                    }
                }
                default -> throw new IllegalStateException(r.outcome().toString());
            }
        }

        void entry(IniLine.Entry e, String text, Origin origin) {
            Map<String, Kind> table = current == null ? GLOBAL_OPTIONS : POOL_OPTIONS;
            String key = e.key().toLowerCase(Locale.ROOT);
            Kind kind = table.get(key);
            if (kind == null) {
                problem(Severity.FATAL, origin, "unknown entry '" + e.key() + "'");
                return;
            }
            if (e.expression()) {
                problem(Severity.WARNING, origin, "'" + e.raw() + "' uses operators PHP evaluates; read as written");
            }
            String v = e.value();
            FpmValues.Read<?> r = switch (kind) {
                case STRING -> {
                    if (!v.contains("$pool")) {
                        yield FpmValues.Read.ok(v);
                    }
                    yield current == null ? FpmValues.Read.fail("Can't use '$pool' when the pool is not defined")
                            : FpmValues.Read.ok(v.replace("$pool", current.name));
                }
                case INT -> FpmValues.integer(v);
                case TIME -> FpmValues.map(FpmValues.seconds(v), Duration::ofSeconds);
                case BOOL -> FpmValues.bool(v);
                case LOG_LEVEL -> FpmValues.logLevel(v);
                case RLIMIT_CORE -> FpmValues.rlimitCore(v);
                case PM -> ProcessManager.parse(v).<FpmValues.Read<?>>map(FpmValues.Read::ok)
                        .orElse(FpmValues.Read.fail("invalid process manager (static, dynamic or ondemand)"));
                case SYSLOG_FACILITY -> SYSLOG_FACILITIES.contains(v.toLowerCase(Locale.ROOT))
                        ? FpmValues.Read.ok(v.toUpperCase(Locale.ROOT)) : FpmValues.Read.fail("invalid value");
            };
            if (r.failed()) {
                problem(Severity.FATAL, origin, "unable to parse value for entry '" + key + "': " + r.error());
                return;
            }
            if (r.note() != null) {
                problem(Severity.WARNING, origin, r.note());
            }
            (current == null ? global : current).values.put(key, new Setting<Object>(r.value(), text, origin));
        }

        void array(IniLine.Entry e, String text, Origin origin) {
            String name = e.key();
            String offset = e.offset();
            if (name.equals("access.suppress_path")) {
                if (!offset.isEmpty()) {
                    problem(Severity.FATAL, origin, "Keys provided to field 'access.suppress_path' are ignored");
                    return;
                }
                if (!e.value().startsWith("/")) {
                    problem(Severity.FATAL, origin,
                            "Values provided to field 'access.suppress_path' must begin with '/'");
                    return;
                }
            } else if (offset.isEmpty()) {
                problem(Severity.FATAL, origin, "You must provide a key for field '" + name + "'");
                return;
            }
            if (current == null) {
                problem(Severity.FATAL, origin, "Array are not allowed in the global section");
                return;
            }
            String value = e.value();
            boolean flag = name.equals("php_flag") || name.equals("php_admin_flag");
            boolean known = flag || name.equals("php_value") || name.equals("php_admin_value") || name.equals("env")
                    || name.equals("access.suppress_path");
            if (!known) {
                problem(Severity.FATAL, origin, "unknown directive '" + name + "'");
                return;
            }
            if (name.equals("access.suppress_path")) {
                return;
            }
            if (flag) {
                FpmValues.Read<Boolean> b = FpmValues.bool(value);
                if (b.failed()) {
                    problem(Severity.FATAL, origin, "error while parsing '" + name + "[" + offset + "]' : "
                            + b.error());
                    return;
                }
                value = b.value() ? "1" : "0";
            } else {
                value = value.replace("$pool", current.name);
            }
            if (name.equals("env") && e.value().isEmpty()) {
                problem(Severity.FATAL, origin, "empty value");
                return;
            }
            List<PhpIniSetting> list = name.equals("env") ? current.env : current.php;
            if (list.size() >= limits.maxArrayEntriesPerPool()) {
                if (!current.arraysTruncated) {
                    current.arraysTruncated = true;
                    problem(Severity.INCOMPLETE, origin, "more than " + limits.maxArrayEntriesPerPool()
                            + " array entries in pool [" + current.name + "]; later ones not kept");
                }
                return;
            }
            list.add(new PhpIniSetting(offset, value, name.startsWith("php_admin"), text, origin));
        }

        // --- after reading ---------------------------------------------------------------------------

        FpmConfig finish() {
            FpmGlobal g = finishGlobal();
            List<FpmPool> result = new ArrayList<>();
            if (pools.isEmpty()) {
                problem(Severity.FATAL, Origin.file(mainFile),
                        "No pool defined. at least one pool section must be specified in config file");
            }
            for (Section s : pools.values()) {
                result.add(finishPool(s));
            }
            Map<String, FpmPool> byAddress = new LinkedHashMap<>();
            for (FpmPool p : result) {
                p.listen().address().ifPresent(a -> {
                    String key = a.value() instanceof ListenAddress.Unix u ? u.path() : a.value().written();
                    FpmPool other = byAddress.putIfAbsent(key, p);
                    if (other != null) {
                        problem(Severity.FATAL, a.origin(), "[pool " + p.name() + "] unable to set listen address "
                                + "as it's already used in another pool '" + other.name() + "'");
                    }
                });
            }
            if (droppedProblems > 0) {
                problems.add(new ConfigProblem(Severity.INCOMPLETE, Origin.file(mainFile),
                        droppedProblems + " more problems not kept"));
            }
            return new FpmConfig(mainFile, g, result, files, problems);
        }

        FpmGlobal finishGlobal() {
            Section s = global;
            String base = prefix.orElse(localStateDir);
            Optional<Setting<String>> pid = s.<String>get("pid").filter(p -> !p.value().isEmpty())
                    .map(p -> p.with(resolve(p.value(), base)));
            Setting<String> errorLog = s.<String>get("error_log").filter(p -> !p.value().isEmpty())
                    .orElse(Setting.builtIn("log/php-fpm.log", "php-fpm default"));
            if (!errorLog.value().equalsIgnoreCase("syslog")) {
                errorLog = errorLog.with(resolve(errorLog.value(), base));
            }
            Setting<Integer> processMax = s.<Integer>get("process.max").orElse(Setting.builtIn(0, "php-fpm default"));
            if (processMax.value() < 0) {
                problem(Severity.FATAL, processMax.origin(), "process_max can't be negative");
            }
            s.<Integer>get("process.priority").ifPresent(p -> {
                if (p.value() < -19 || p.value() > 20) {
                    problem(Severity.FATAL, p.origin(), "process.priority must be included into [-19,20]");
                }
            });
            return new FpmGlobal(pid, errorLog,
                    s.<String>get("log_level").orElse(Setting.builtIn("notice", "php-fpm default")),
                    s.<Integer>get("emergency_restart_threshold").orElse(Setting.builtIn(0, "php-fpm default")),
                    s.<Duration>get("emergency_restart_interval").orElse(Setting.builtIn(Duration.ZERO,
                            "php-fpm default")),
                    s.<Duration>get("process_control_timeout").orElse(Setting.builtIn(Duration.ZERO,
                            "php-fpm default")),
                    processMax,
                    s.<Boolean>get("daemonize").orElse(Setting.builtIn(true, "php-fpm default")));
        }

        FpmPool finishPool(Section s) {
            String tag = "[pool " + s.name + "] ";
            Origin at = s.origin;

            Optional<Setting<String>> poolPrefix = s.<String>get("prefix").filter(p -> !p.value().isEmpty())
                    .map(p -> p.with(resolve(p.value(), basePrefix())));
            String base = poolPrefix.map(Setting::value).orElse(basePrefix());

            Optional<Setting<String>> user = s.get("user");
            if (user.isEmpty() || user.get().value().isEmpty()) {
                problem(Severity.WARNING, at, tag + "user has not been defined (php-fpm refuses this when its "
                        + "master runs as root, unless started with --allow-to-run-as-root)");
            }

            // listen
            Optional<Setting<ListenAddress>> address = Optional.empty();
            Optional<Setting<String>> listenRaw = s.<String>get("listen").filter(l -> !l.value().isEmpty());
            if (listenRaw.isEmpty()) {
                problem(Severity.FATAL, s.<String>get("listen").map(Setting::origin).orElse(at),
                        tag + "no listen address have been defined!");
            } else {
                ListenAddress a = ListenAddress.parse(listenRaw.get().value(), base);
                address = Optional.of(listenRaw.get().with(a));
                if (a instanceof ListenAddress.Invalid inv) {
                    problem(Severity.FATAL, listenRaw.get().origin(), tag + "php-fpm cannot listen on '"
                            + inv.written() + "': " + inv.reason());
                }
            }
            Setting<Integer> backlog = s.<Integer>get("listen.backlog")
                    .orElse(Setting.builtIn(-1, "php-fpm default on Linux (the kernel uses net.core.somaxconn)"));
            Setting<Integer> mode = Setting.builtIn(0660, "php-fpm default");
            Optional<Setting<String>> modeRaw = s.<String>get("listen.mode").filter(m -> !m.value().isEmpty());
            if (modeRaw.isPresent()) {
                FpmValues.Read<Integer> m = FpmValues.octalMode(modeRaw.get().value());
                if (m.note() != null) {
                    problem(Severity.WARNING, modeRaw.get().origin(), m.note());
                }
                mode = modeRaw.get().with(m.value());
            }
            Optional<Setting<List<String>>> allowed = s.<String>get("listen.allowed_clients")
                    .filter(c -> !c.value().isEmpty())
                    .map(c -> c.with(Arrays.stream(c.value().split(",")).map(String::strip)
                            .filter(x -> !x.isEmpty()).toList()));
            ListenSettings listen = new ListenSettings(address, backlog, s.get("listen.owner"), s.get("listen.group"),
                    mode, allowed, s.get("listen.acl_users"), s.get("listen.acl_groups"));

            s.<Integer>get("process.priority").ifPresent(p -> {
                if (p.value() < -19 || p.value() > 20) {
                    problem(Severity.FATAL, p.origin(), tag + "process.priority must be included into [-19,20]");
                }
            });

            PmSettings pm = finishPm(s, tag, listen);
            StatusSettings status = finishStatus(s, tag);

            // requests
            Setting<Duration> terminate = s.<Duration>get("request_terminate_timeout")
                    .orElse(Setting.builtIn(Duration.ZERO, "php-fpm default (never)"));
            Setting<Duration> slowTimeout = s.<Duration>get("request_slowlog_timeout")
                    .orElse(Setting.builtIn(Duration.ZERO, "php-fpm default (off)"));
            Optional<Setting<String>> slowlog = s.<String>get("slowlog").filter(x -> !x.value().isEmpty())
                    .map(x -> x.with(resolve(x.value(), base)));
            if (!slowTimeout.value().isZero()) {
                if (slowlog.isEmpty()) {
                    problem(Severity.FATAL, slowTimeout.origin(),
                            tag + "'slowlog' must be specified for use with 'request_slowlog_timeout'");
                }
                if (!terminate.value().isZero() && slowTimeout.value().compareTo(terminate.value()) > 0) {
                    problem(Severity.FATAL, slowTimeout.origin(), tag + "'request_slowlog_timeout' ("
                            + slowTimeout.value().getSeconds() + ") can't be greater than 'request_terminate_timeout' ("
                            + terminate.value().getSeconds() + ")");
                }
            }
            Setting<Integer> depth = s.<Integer>get("request_slowlog_trace_depth")
                    .filter(d -> d.value() != 0).orElse(Setting.builtIn(20, "php-fpm default"));
            if (!depth.isBuiltIn()) {
                if (slowlog.isEmpty()) {
                    problem(Severity.FATAL, depth.origin(),
                            tag + "'slowlog' must be specified for use with 'request_slowlog_trace_depth'");
                }
                if (depth.value() < 0) {
                    problem(Severity.FATAL, depth.origin(), tag + "'request_slowlog_trace_depth' ("
                            + depth.value() + ") must be a positive value");
                }
            }
            Optional<Setting<String>> accessLog = s.<String>get("access.log").filter(x -> !x.value().isEmpty())
                    .map(x -> x.with(resolve(x.value(), base)));
            RequestSettings requests = new RequestSettings(terminate, slowTimeout, slowlog, depth,
                    s.<Boolean>get("catch_workers_output").orElse(Setting.builtIn(false, "php-fpm default")),
                    s.<Boolean>get("decorate_workers_output").orElse(Setting.builtIn(true, "php-fpm default")),
                    s.<Boolean>get("clear_env").orElse(Setting.builtIn(true, "php-fpm default")),
                    accessLog,
                    s.<String>get("security.limit_extensions")
                            .orElse(Setting.builtIn(".php .phar", "php-fpm default")));

            // chroot, chdir
            Optional<Setting<String>> chroot = s.<String>get("chroot").filter(x -> !x.value().isEmpty())
                    .map(x -> x.with(expandPrefix(x.value(), base)));
            chroot.ifPresent(c -> {
                if (!c.value().startsWith("/")) {
                    problem(Severity.FATAL, c.origin(), tag + "the chroot path '" + c.value()
                            + "' must start with a '/'");
                }
            });
            Optional<Setting<String>> chdir = s.<String>get("chdir").filter(x -> !x.value().isEmpty())
                    .map(x -> x.with(expandPrefix(x.value(), base)));
            chdir.ifPresent(c -> {
                if (!c.value().startsWith("/")) {
                    problem(Severity.FATAL, c.origin(), tag + "the chdir path '" + c.value()
                            + "' must start with a '/'");
                }
            });

            // php_value & co: PHP-FPM resolves path keys against the prefix, unless the pool is chrooted
            List<PhpIniSetting> php = new ArrayList<>();
            for (PhpIniSetting p : s.php) {
                PhpIniSetting q = p;
                boolean syslog = p.admin() && p.key().equalsIgnoreCase("error_log")
                        && p.value().equalsIgnoreCase("syslog");
                if (chroot.isEmpty() && !syslog && PATH_INI_KEYS.contains(p.key().toLowerCase(Locale.ROOT))
                        && !p.value().isEmpty() && !p.value().startsWith("/")) {
                    q = new PhpIniSetting(p.key(), resolve(p.value(), base), p.admin(), p.text(), p.origin());
                }
                php.add(q);
                checkPhpValue(q, tag);
            }
            return new FpmPool(s.name, s.origin, poolPrefix, user, s.get("group"), chroot, chdir, listen, pm,
                    requests, status, php, s.env);
        }

        void checkPhpValue(PhpIniSetting p, String tag) {
            if (p.key().equals("memory_limit")) {
                FpmValues.Read<Long> r = FpmValues.quantity(p.value());
                if (r.failed()) {
                    problem(Severity.WARNING, p.origin(), tag + "memory_limit: " + r.error());
                }
            } else if (p.key().equals("max_execution_time")) {
                FpmValues.Read<Long> r = FpmValues.phpLong(p.value());
                if (r.note() != null) {
                    problem(Severity.WARNING, p.origin(), tag + "max_execution_time: " + r.note());
                }
            }
        }

        PmSettings finishPm(Section s, String tag, ListenSettings listen) {
            Origin at = s.origin;
            Optional<Setting<ProcessManager>> style = s.get("pm");
            if (style.isEmpty()) {
                problem(Severity.FATAL, at, tag + "the process manager is missing (static, dynamic or ondemand)");
            }
            Optional<Setting<Integer>> maxChildren = s.get("pm.max_children");
            if (maxChildren.isEmpty() || maxChildren.get().value() < 1) {
                problem(Severity.FATAL, maxChildren.map(Setting::origin).orElse(at),
                        tag + "pm.max_children must be a positive value");
            }
            int children = maxChildren.map(Setting::value).orElse(0);
            Setting<Integer> start = s.<Integer>get("pm.start_servers").orElse(Setting.builtIn(0, "php-fpm default"));
            Setting<Integer> min = s.<Integer>get("pm.min_spare_servers")
                    .orElse(Setting.builtIn(0, "php-fpm default"));
            Setting<Integer> max = s.<Integer>get("pm.max_spare_servers")
                    .orElse(Setting.builtIn(0, "php-fpm default"));
            Setting<Integer> spawn = s.<Integer>get("pm.max_spawn_rate").orElse(Setting.builtIn(32, "php-fpm default"));
            Setting<Duration> idle = s.<Duration>get("pm.process_idle_timeout")
                    .orElse(Setting.builtIn(Duration.ofSeconds(10), "php-fpm default"));
            Setting<Integer> maxRequests = s.<Integer>get("pm.max_requests")
                    .orElse(Setting.builtIn(0, "php-fpm default (never recycle)"));
            ProcessManager pm = style.map(Setting::value).orElse(null);
            if (pm == ProcessManager.DYNAMIC) {
                if (min.value() <= 0) {
                    problem(Severity.FATAL, originOr(min, at), tag + "pm.min_spare_servers(" + min.value()
                            + ") must be a positive value");
                }
                if (max.value() <= 0) {
                    problem(Severity.FATAL, originOr(max, at), tag + "pm.max_spare_servers(" + max.value()
                            + ") must be a positive value");
                }
                if (maxChildren.isPresent() && (min.value() > children || max.value() > children)) {
                    problem(Severity.FATAL, originOr(max, at), tag + "pm.min_spare_servers(" + min.value()
                            + ") and pm.max_spare_servers(" + max.value() + ") cannot be greater than pm.max_children("
                            + children + ")");
                }
                if (max.value() < min.value()) {
                    problem(Severity.FATAL, originOr(max, at), tag + "pm.max_spare_servers(" + max.value()
                            + ") must not be less than pm.min_spare_servers(" + min.value() + ")");
                }
                if (start.value() <= 0) {
                    start = Setting.builtIn(min.value() + (max.value() - min.value()) / 2,
                            "php-fpm: pm.start_servers not set, min_spare + (max_spare - min_spare) / 2");
                } else if (start.value() < min.value() || start.value() > max.value()) {
                    problem(Severity.FATAL, start.origin(), tag + "pm.start_servers(" + start.value()
                            + ") must not be less than pm.min_spare_servers(" + min.value()
                            + ") and not greater than pm.max_spare_servers(" + max.value() + ")");
                }
                if (spawn.value() < 1) {
                    problem(Severity.FATAL, spawn.origin(), tag + "pm.max_spawn_rate must be a positive value");
                }
            } else if (pm == ProcessManager.ONDEMAND) {
                if (idle.value().getSeconds() < 1) {
                    problem(Severity.FATAL, idle.origin(), tag + "pm.process_idle_timeout(" + idle.value().getSeconds()
                            + "s) must be greater than 0s");
                }
                if (listen.backlog().value() < -1) {
                    problem(Severity.WARNING, listen.backlog().origin(), tag + "listen.backlog("
                            + listen.backlog().value() + ") was too low for the ondemand process manager");
                }
                String why = "php-fpm: 0 for pm = ondemand";
                start = Setting.builtIn(0, why);
                min = Setting.builtIn(0, why);
                max = Setting.builtIn(0, why);
            }
            return new PmSettings(style, maxChildren, start, min, max, spawn, idle, maxRequests);
        }

        StatusSettings finishStatus(Section s, String tag) {
            Optional<Setting<String>> statusListen = s.<String>get("pm.status_listen")
                    .filter(x -> !x.value().isEmpty());
            Optional<Setting<String>> statusPath = s.<String>get("pm.status_path").filter(x -> !x.value().isEmpty());
            statusPath.ifPresent(p -> checkPagePath(p, "status", statusListen.isEmpty(), tag));
            Optional<Setting<String>> pingPath = s.<String>get("ping.path").filter(x -> !x.value().isEmpty());
            Optional<Setting<String>> pingResponse = Optional.empty();
            if (pingPath.isPresent()) {
                checkPagePath(pingPath.get(), "ping", true, tag);
                pingResponse = s.<String>get("ping.response");
                if (pingResponse.isEmpty()) {
                    pingResponse = Optional.of(Setting.builtIn("pong", "php-fpm default"));
                } else if (pingResponse.get().value().isEmpty()) {
                    problem(Severity.FATAL, pingResponse.get().origin(),
                            tag + "the ping response page '' is not long enough");
                }
            }
            return new StatusSettings(statusPath, statusListen, pingPath, pingResponse);
        }

        void checkPagePath(Setting<String> path, String what, boolean needsLength, String tag) {
            String p = path.value();
            if (!p.startsWith("/")) {
                problem(Severity.FATAL, path.origin(), tag + "the " + what + " path '" + p + "' must start with a '/'");
                return;
            }
            if (needsLength && p.length() < 2) {
                problem(Severity.FATAL, path.origin(), tag + "the " + what + " path '" + p + "' is not long enough");
                return;
            }
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
                if (!ok) {
                    problem(Severity.FATAL, path.origin(), tag + "the " + what + " path '" + p
                            + "' must contain only the following characters '[alphanum]/_-.~'");
                    return;
                }
            }
        }

        private Origin originOr(Setting<?> s, Origin fallback) {
            return s.isBuiltIn() ? fallback : s.origin();
        }

        /** {@code fpm_evaluate_full_path} without {@code $prefix}: relative paths go under {@code base}. */
        String resolve(String path, String base) {
            if (path.isEmpty() || path.startsWith("/")) {
                return path;
            }
            String full = ListenAddress.join(base, path);
            if (!full.startsWith("/") && !base.equals(basePrefix())) {
                return ListenAddress.join(basePrefix(), full);
            }
            return full;
        }

        /** {@code fpm_evaluate_full_path} with {@code $prefix} expansion (chroot, chdir). */
        String expandPrefix(String path, String base) {
            if (path.startsWith("$prefix")) {
                String rest = path.substring("$prefix".length());
                if (rest.isEmpty()) {
                    return base;
                }
                return ListenAddress.join(base, rest.startsWith("/") ? rest.substring(1) : rest);
            }
            return resolve(path, base);
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int k = bytes.length - 1; k >= 0; k--) {
            if (bytes[k] == b) {
                return k;
            }
        }
        return -1;
    }
}
