package org.gatewaydoctor.cli.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.gatewaydoctor.spi.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Assembles the picocli command line and maps every way it can end onto the Nagios exit codes:
 * a command's own code (0-3), 0 for help and version, 3 for usage errors and internal errors.
 */
public final class Cli {

    /** Nagios UNKNOWN: inconclusive, usage error, internal error. */
    public static final int EXIT_UNKNOWN = 3;

    private static final String PREFIX = "gateway-doctor: ";

    /**
     * Masks secrets in what the command line itself prints on stderr or in an UNKNOWN status line:
     * usage errors echo the offending {@code --url} or path, internal errors their exception message.
     */
    private static final Redactor REDACTOR = Redactor.standard();

    private Cli() {
    }

    /** Parses {@code args}, runs the chosen command and returns its exit code. Never throws. */
    private static volatile long processStartNanos = Long.MIN_VALUE;

    /** Records when this process started ({@link System#nanoTime()} scale); only {@code main} knows. */
    public static void processStarted(long nanos) {
        processStartNanos = nanos;
    }

    /**
     * Records when this process started, as the operating system tells (10 ms steps on Linux), not the
     * management beans, whose ~45 classes cost start-up.
     */
    public static void processStarted() {
        long now = System.nanoTime();
        long uptime = ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toNanos())
                .filter(n -> n >= 0 && n < 3_600_000_000_000L).orElse(0L);
        processStarted(now - uptime);
    }

    /**
     * What is left of {@code timeout} for the diagnosis itself, when the process's own start already
     * used part of it (at least a quarter of it is always left); {@code timeout} when run in-process.
     */
    static java.time.Duration remaining(java.time.Duration timeout) {
        long start = processStartNanos;
        if (start == Long.MIN_VALUE) {
            return timeout;
        }
        long left = timeout.toNanos() - Math.max(0, System.nanoTime() - start);
        return java.time.Duration.ofNanos(Math.max(left, timeout.toNanos() / 4));
    }

    public static int execute(CliContext context, String[] args) {
        PrintWriter out = new PrintWriter(context.out(), true);
        PrintWriter err = new PrintWriter(context.err(), true);
        try {
            CommandLine cl = commandLine(context, args);
            cl.setOut(out);
            cl.setErr(err);
            return cl.execute(args);
        } catch (RuntimeException | LinkageError e) {
            // Failures outside picocli's handlers, e.g. while building the command line itself.
            internalError(e, err, context.debug());
            return EXIT_UNKNOWN;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The commands, in the order the root's help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DiagnoseCommand.class, ScanCommand.class,
            ChecksCommand.class, CommandLine.HelpCommand.class);

    /**
     * The command line for {@code args}: when they name one of the commands (after nothing but {@code --debug}),
     * only that command is built, since picocli reads each command's options by reflection and nothing else can
     * be parsed, printed or suggested then; otherwise (the root's help, {@code help}, a typo) all of them.
     */
    static CommandLine commandLine(CliContext context, String[] args) {
        CommandLine cl = new CommandLine(new RootCommand(), new Factory(context));
        Class<?> named = named(args);
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) {
                cl.addSubcommand(command);
            }
        }
        return configure(cl, context);
    }

    /** The command {@code args} run: the first argument that is not {@code --debug} names it, or null. */
    private static Class<?> named(String[] args) {
        for (String arg : args) {
            if (!arg.equals("--debug")) {
                return switch (arg) {
                    case "diagnose" -> DiagnoseCommand.class;
                    case "scan" -> ScanCommand.class;
                    case "checks" -> ChecksCommand.class;
                    default -> null;
                };
            }
        }
        return null;
    }

    private static CommandLine configure(CommandLine cl, CliContext context) {
        Help.Ansi ansi = context.terminal().colour(false) ? Help.Ansi.ON : Help.Ansi.OFF;
        cl.setColorScheme(Help.defaultColorScheme(ansi));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (nagiosRequested(parseResult.originalArgs().toArray(String[]::new))) {
                commandLine.getOut().println(NagiosReport.unknown("internal error: " + oneLine(redact(String.valueOf(
                        e.getMessage() == null ? e.getClass().getName() : e.getMessage())))));
                commandLine.getOut().flush();
            }
            internalError(e, commandLine.getErr(), context.debug());
            return EXIT_UNKNOWN;
        });
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        if (nagiosRequested(args)) {
            // A monitoring system shows stdout: say UNKNOWN there too.
            cl.getOut().println(NagiosReport.unknown("usage error: " + oneLine(redact(e.getMessage()))));
            cl.getOut().flush();
        }
        PrintWriter err = cl.getErr();
        err.println(PREFIX + redact(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_UNKNOWN;
    }

    private static void internalError(Throwable e, PrintWriter err, boolean debug) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        err.println(PREFIX + "internal error: " + oneLine(redact(message))
                + (debug ? "" : " (run with --debug for the stack trace)"));
        if (debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(redact(trace.toString()));
        }
        err.flush();
    }

    /** Whether the arguments ask {@code diagnose} for Nagios output, so that errors are reported in a status line too. */
    static boolean nagiosRequested(String[] args) {
        if (!java.util.Arrays.asList(args).contains("diagnose")) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equalsIgnoreCase("--format=nagios")
                    || a.equals("--format") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("nagios")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rejects a {@code --logs} value that looks like an option and names no file: picocli hands
     * {@code --logs a.log --formt json} the typo {@code --formt} as a path (it must, or
     * {@code --zone -05:00} would be an unknown option too).
     */
    static void requireNoOptionTypo(CommandLine commandLine, String path) {
        if (path.length() > 1 && path.startsWith("-") && !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
            throw new ParameterException(commandLine, "Unknown option: '" + path + "'");
        }
    }

    /** {@code text} with secrets masked (no value registered: the command line holds none). */
    static String redact(String text) {
        return REDACTOR.redact(text);
    }

    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** Creates commands with the context; everything else the picocli way. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DiagnoseCommand.class) {
                return type.cast(new DiagnoseCommand(context));
            }
            if (type == ChecksCommand.class) {
                return type.cast(new ChecksCommand(context));
            }
            if (type == ScanCommand.class) {
                return type.cast(new ScanCommand(context));
            }
            return fallback.create(type);
        }
    }
}
