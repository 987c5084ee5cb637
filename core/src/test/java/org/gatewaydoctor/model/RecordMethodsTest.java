package org.gatewaydoctor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.runtime.ObjectMethods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.spi.FactKey;
import org.junit.jupiter.api.Test;

/**
 * The records whose equals and hashCode are written out (so that no method-handle classes are spun at their first
 * call) agree with what the record's own would give: the same hash (sets and maps of evidence iterate the same, so
 * reports keep their order) and the same equality, for values that differ in each component, nulls included.
 */
class RecordMethodsTest {

    private static final Instant T1 = Instant.parse("2026-11-21T20:55:32Z");
    private static final Instant T2 = Instant.parse("2026-11-21T20:55:33Z");

    @Test
    void evidenceAndFactKeysHashAndCompareAsTheRecordsOwn() throws Throwable {
        Evidence.Origin compose = new Evidence.Origin("docker-compose", "php-1");
        ErrorSource source = new ErrorSource("nginx", ErrorSource.Hop.PROXY, 502, 0.9, List.of("Server: nginx"), null, null);
        List<List<Object>> groups = List.of(
                List.of(new Evidence.LogLine("/var/log/a", 3, T1, "x"), new Evidence.LogLine("/var/log/a", 3, T1, "x"),
                        new Evidence.LogLine("/var/log/b", 3, T1, "x"), new Evidence.LogLine("/var/log/a", 4, T1, "x"),
                        new Evidence.LogLine("/var/log/a", 3, T2, "x"), new Evidence.LogLine("/var/log/a", 3, null, "x"),
                        new Evidence.LogLine("/var/log/a", 3, T1, "y"), new Evidence.LogLine("/var/log/a", 3, T1, "x",
                                compose), new Evidence.LogLine("/var/log/a", 3, T1, "x", new Evidence.Origin("docker",
                                null)), new Evidence.LogLine("/var/log/a", 1L << 40, T1, "x")),
                List.of(compose, new Evidence.Origin("docker-compose", "php-1"), new Evidence.Origin("docker", "php-1"),
                        new Evidence.Origin("docker-compose", null), new Evidence.Origin("docker-compose", "web-1")),
                List.of(new Evidence.Measurement("queue", 5, "requests"), new Evidence.Measurement("queue", 5, "requests"),
                        new Evidence.Measurement("busy", 5, "requests"), new Evidence.Measurement("queue", 5.5, "requests"),
                        new Evidence.Measurement("queue", -0.0, "requests"), new Evidence.Measurement("queue", 0.0, "requests"),
                        new Evidence.Measurement("queue", 5, null), new Evidence.Measurement("queue", 1e300, "ms")),
                List.of(new Evidence.ConfigLine("/etc/a", 1, "listen", "80"), new Evidence.ConfigLine("/etc/a", 1, "listen", "80"),
                        new Evidence.ConfigLine("/etc/b", 1, "listen", "80"), new Evidence.ConfigLine("/etc/a", 2, "listen", "80"),
                        new Evidence.ConfigLine("/etc/a", 1, "root", "80"), new Evidence.ConfigLine("/etc/a", 1, "listen", null)),
                List.of(probe("http://127.0.0.1/", "http", 502, 5, "502", T1), probe("http://127.0.0.1/", "http", 502, 5, "502", T1),
                        probe("http://127.0.0.2/", "http", 502, 5, "502", T1), probe("http://127.0.0.1/", "https", 502, 5, "502", T1),
                        probe("http://127.0.0.1/", "http", null, 5, "502", T1), probe("http://127.0.0.1/", "http", 504, 5, "502", T1),
                        probe("http://127.0.0.1/", "http", 502, 6, "502", T1), probe("http://127.0.0.1/", "http", 502, 5, "refused", T1),
                        probe("http://127.0.0.1/", "http", 502, 5, "502", null)),
                List.of(new Evidence.Observation("no master"), new Evidence.Observation("no master", null),
                        new Evidence.Observation("no master", T1), new Evidence.Observation("a master", T1)),
                List.of(new Evidence.ErrorPage(source, T1), new Evidence.ErrorPage(source, T1), new Evidence.ErrorPage(source, null),
                        new Evidence.ErrorPage(new ErrorSource("cloudflare", ErrorSource.Hop.EDGE, 502, 0.9, List.of(), null, "7f3a"), T1)),
                List.of(FactKey.of("phpfpm.pools", String.class), FactKey.of("phpfpm.pools", String.class),
                        FactKey.of("phpfpm.pool", String.class), FactKey.of("phpfpm.pools", Integer.class),
                        FactKey.of("http.views", Map.class)));
        int compared = 0;
        for (List<Object> group : groups) {
            Class<?> type = group.get(0).getClass();
            MethodHandle hash = recordsOwn(type, "hashCode", MethodType.methodType(int.class, type));
            MethodHandle equals = recordsOwn(type, "equals", MethodType.methodType(boolean.class, type, Object.class));
            List<Object> others = new ArrayList<>(group);
            others.add(null);
            others.add("not a record");
            for (Object a : group) {
                assertEquals((int) hash.invoke(a), a.hashCode(), () -> "hash of " + a);
                for (Object b : others) {
                    assertEquals((boolean) equals.invoke(a, b), a.equals(b), () -> a + " equals " + b);
                    compared++;
                }
            }
        }
        assertEquals(465, compared);
    }

    private static Evidence.Probe probe(String target, String protocol, Integer status, long millis, String outcome,
                                        Instant at) {
        return new Evidence.Probe(target, protocol, status, Duration.ofMillis(millis), outcome, at);
    }

    /** The method a record gets when it does not write {@code name} itself (what javac's bootstrap makes). */
    private static MethodHandle recordsOwn(Class<?> type, String name, MethodType methodType) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        RecordComponent[] components = type.getRecordComponents();
        MethodHandle[] getters = new MethodHandle[components.length];
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < components.length; i++) {
            getters[i] = lookup.unreflect(components[i].getAccessor());
            names.append(i == 0 ? "" : ";").append(components[i].getName());
        }
        Object made = ObjectMethods.bootstrap(lookup, name, methodType, type, names.toString(), getters);
        return made instanceof CallSite site ? site.dynamicInvoker() : (MethodHandle) made;
    }
}
