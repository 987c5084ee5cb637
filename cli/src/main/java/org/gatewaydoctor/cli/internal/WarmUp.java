package org.gatewaydoctor.cli.internal;

import java.lang.reflect.AccessibleObject;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.gatewaydoctor.spi.LogLocator;

/**
 * A head start for {@code diagnose} on the second core, from the moment {@code main} sees the command: the two
 * things its main thread does first that do not depend on the arguments, done once more on a thread of its own.
 * <ol>
 *   <li>The annotations picocli reads to model the command (its fields, its mixins', and {@link Object}'s
 *       methods, which picocli walks too): the JVM parses each annotation once and makes a proxy class per
 *       annotation type, ~7 of them, which no class-data archive of JDK 17 can hold.</li>
 *   <li>The check, log locator and explanation providers: the diagnosis's discovery loads, links and initialises
 *       ~40 classes and instantiates them; done here, it finds them ready.</li>
 * </ol>
 * Nothing it computes is used: the main thread does all of it itself, so what the command does and prints does
 * not depend on whether, or how far, this thread got (it may still be running when the command ends: a daemon).
 * Providers that fail are ignored here; the diagnosis's own discovery reports them.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Starts the warm-up when {@code args} run {@code diagnose} (not its help or version); false otherwise. */
    public static boolean startFor(String[] args) {
        String command = null;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return false;
            }
            if (command == null && !arg.equals("--debug")) {
                command = arg;
            }
        }
        if (!"diagnose".equals(command)) {
            return false;
        }
        Thread thread = new Thread(WarmUp::diagnose, "gateway-doctor-warm-up");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** What {@code diagnose} needs first, in the order it needs it. */
    static void diagnose() {
        try {
            annotations(List.of(Object.class, RootCommand.class, DiagnoseCommand.class, TimeWindowOptions.class,
                    ProbeOptions.class));
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            instantiate(Check.class, loader);
            instantiate(LogLocator.class, loader);
            instantiate(ExplanationProvider.class, loader);
        } catch (RuntimeException | LinkageError ignored) {
            // only a head start: the main thread meets (and reports) whatever went wrong here itself
        }
    }

    /** Reads the annotations of the classes, their fields and methods (the JVM keeps them once read). */
    static int annotations(List<Class<?>> types) {
        int n = 0;
        for (Class<?> type : types) {
            n += type.getDeclaredAnnotations().length;
            n += annotations(type.getDeclaredFields());
            n += annotations(type.getDeclaredMethods());
        }
        return n;
    }

    private static int annotations(AccessibleObject[] members) {
        int n = 0;
        for (AccessibleObject member : members) {
            n += member.getDeclaredAnnotations().length;
        }
        return n;
    }

    /** After this many providers that cannot be loaded, the warm-up leaves the rest to the diagnosis. */
    private static final int MAX_ERRORS = 10;

    /** Loads and instantiates {@code service}'s providers as the diagnosis's discovery does, failures ignored. */
    static <T> int instantiate(Class<T> service, ClassLoader loader) {
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(service, loader).stream().iterator();
        int loaded = 0;
        int errors = 0;
        while (errors < MAX_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                it.next().get();
                loaded++;
            } catch (Throwable e) { // NOPMD: a broken provider is the diagnosis's to report, not the warm-up's
                errors++;
            }
        }
        return loaded;
    }
}
