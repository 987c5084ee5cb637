package org.gatewaydoctor.cli.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.gatewaydoctor.logs.SignatureCatalog;

/**
 * The signature catalogue of the command line, discovered on a thread of its own from the moment {@code main} sees
 * that the command will scan logs ({@code scan}, {@code diagnose --logs}), while picocli builds and parses the
 * command on the main thread. Finding the providers and compiling their ~160 patterns otherwise sat on the path
 * to the first byte read: after parsing for {@code scan}, inside the diagnosis's first log check for {@code
 * diagnose}. The same catalogue {@link CliContext#discoverSignatures()} gives, computed once.
 */
public final class EarlySignatures implements Supplier<SignatureCatalog> {

    private final FutureTask<SignatureCatalog> task = new FutureTask<>(CliContext::discoverSignatures);

    private EarlySignatures() {
    }

    /**
     * Starts discovering the catalogue when {@code args} run {@code scan}, or {@code diagnose} with {@code --logs};
     * null otherwise (help, version, other commands: nothing is started).
     */
    public static EarlySignatures startFor(String[] args) {
        String command = null;
        boolean logs = false;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return null;
            }
            if (command == null && !arg.equals("--debug")) {
                command = arg;
            } else if (arg.equals("--logs") || arg.startsWith("--logs=")) {
                logs = true;
            }
        }
        if (!"scan".equals(command) && !("diagnose".equals(command) && logs)) {
            return null;
        }
        EarlySignatures early = new EarlySignatures();
        Thread thread = new Thread(early.task, "gateway-doctor-signatures");
        thread.setDaemon(true);
        thread.start();
        return early;
    }

    @Override
    public SignatureCatalog get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the discovery itself is not interruptible; its result is still wanted
                }
            }
        } catch (ExecutionException e) {
            // discovery never throws (a provider's failure is a problem of the catalogue); an Error can
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
}
