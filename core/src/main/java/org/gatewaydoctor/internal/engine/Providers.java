package org.gatewaydoctor.internal.engine;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one {@link ServiceLoader} loop of the library (checks, log locators, signature providers): each
 * provider is loaded and instantiated in its own {@code try}, so a broken jar hides nothing else, and a
 * services file that names many missing classes cannot keep discovery busy.
 */
public final class Providers {

    /** After this many unloadable entries discovery of that service stops. */
    static final int MAX_ERRORS = 100;

    /** What discovery found, one call per provider. */
    public interface Sink<T> {
        /** A provider was instantiated. */
        void loaded(T provider);

        /**
         * A provider could not be loaded or instantiated.
         *
         * @param type the provider class, or {@code null} when its services entry could not even be loaded
         * @param problem what went wrong
         */
        void failed(Class<?> type, Throwable problem);
    }

    private Providers() {
    }

    public static <T> void load(Class<T> service, ClassLoader loader, Sink<T> sink) {
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(service, loader).stream().iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                // A services file names a class that is missing, of the wrong type, or not loadable.
                errors++;
                sink.failed(null, e);
                continue;
            }
            T instance;
            try {
                instance = provider.get();
            } catch (Throwable e) {
                sink.failed(provider.type(), e);
                continue;
            }
            sink.loaded(instance);
        }
    }
}
