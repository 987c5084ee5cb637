package org.gatewaydoctor.checks.dns.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydoctor.spi.NameResolver;

/**
 * Asks every name of the path of the resolvers that matter for it, a few at a time, within a deadline: the
 * name servers the software resolving it uses ({@link PathName#servers()}), otherwise the user's
 * ({@code --dns-server}) or the system's resolver (its hosts file first, then each {@code nameserver}).
 */
public final class Resolvers {

    /** Lookups running at once. */
    public static final int PARALLEL = 4;

    private final Lookups lookups;
    private final SystemResolver system;
    private final List<NameServer> user;

    public Resolvers(Lookups lookups, SystemResolver system, List<NameServer> user) {
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.system = Objects.requireNonNull(system, "system");
        this.user = List.copyOf(user);
    }

    /** The name servers asked for names without servers of their own. */
    public List<NameServer> defaults() {
        return user.isEmpty() ? system.servers() : user;
    }

    /** Whether the hosts file is consulted (the system's resolver, no {@code --dns-server}). */
    public boolean usesHostsFile() {
        return user.isEmpty();
    }

    /** The system resolver read. */
    public SystemResolver system() {
        return system;
    }

    /** What each resolver that matters says about {@code name}, in resolver order. */
    public List<Resolution> resolve(PathName name, Instant deadline) throws InterruptedException {
        return resolveAll(List.of(name), deadline).get(0);
    }

    /**
     * Resolves every name; a lookup still running at the deadline is reported as a timeout.
     *
     * @return per name, in order, the answers of its resolvers
     */
    public List<List<Resolution>> resolveAll(List<PathName> names, Instant deadline) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "gateway-doctor-dns");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Object>> pending = new ArrayList<>();
            for (PathName n : names) {
                List<Object> mine = new ArrayList<>();
                java.util.Optional<Resolution> special = Lookups.specialUse(n.host());
                if (special.isPresent()) {
                    mine.add(special.get());
                } else if (n.servers().isEmpty() && usesHostsFile() && system.fromHosts(n.host()).isPresent()) {
                    mine.add(new Resolution(n.host(), null, system.hostsFile().toString(), NameResolver.Status.RESOLVED,
                            List.of(), system.fromHosts(n.host()).get(), null, "listed in " + system.hostsFile(),
                            List.of(), java.time.Duration.ZERO));
                } else if ((n.servers().isEmpty() ? defaults() : n.servers()).isEmpty()) {
                    mine.add(new Resolution(n.host(), null, "the system's resolver", NameResolver.Status.ERROR, List.of(),
                            List.of(), null, "no name server to ask: " + String.join("; ", system.problems()),
                            List.of(), java.time.Duration.ZERO));
                } else {
                    // glibc applies resolv.conf's search list and ndots; a proxy's own resolver (nginx) and a
                    // server the user names are asked the name as written
                    List<String> tries = n.servers().isEmpty() && usesHostsFile() ? system.candidates(n.host())
                            : List.of(n.host());
                    for (NameServer s : n.servers().isEmpty() ? defaults() : n.servers()) {
                        mine.add(new Pending(s, pool.submit(() -> search(n.host(), tries, s, deadline))));
                    }
                }
                pending.add(mine);
            }
            List<List<Resolution>> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                List<Resolution> answers = new ArrayList<>();
                for (Object o : pending.get(i)) {
                    if (o instanceof Resolution r) {
                        answers.add(r);
                        continue;
                    }
                    answers.add(await((Pending) o, names.get(i), deadline));
                }
                out.add(answers);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Pending(NameServer server, Future<Resolution> future) {
    }

    /**
     * Asks {@code server} the names of {@code tries} in order, as glibc's {@code res_nsearch} does: the first
     * that resolves is the answer; NXDOMAIN, NODATA and SERVFAIL go on to the next name; a timeout, REFUSED or
     * another error ends the search and is the answer; when none resolves, the answer for the name as written
     * stands. What was asked is in the answer's notes.
     */
    private Resolution search(String host, List<String> tries, NameServer server, Instant deadline)
            throws InterruptedException {
        if (tries.size() == 1) {
            return lookups.resolve(tries.get(0), server, deadline);
        }
        List<String> asked = new ArrayList<>();
        Resolution asWritten = null;
        Resolution last = null;
        for (String name : tries) {
            Resolution r = lookups.resolve(name, server, deadline);
            asked.add(name + " (" + r.status().name().replace('_', ' ') + ")");
            last = r;
            if (name.equals(host)) {
                asWritten = r;
            }
            if (r.status() == NameResolver.Status.RESOLVED) {
                String how = name.equals(host) ? "asked as written" : "resolved as " + name + " through the search list of "
                        + system.resolvConf() + " (ndots:" + system.ndots() + ")";
                return renamed(r, host, how + "; asked: " + String.join(", ", asked));
            }
            // res_nsearch goes on after "no such name", "no address" and SERVFAIL; a timeout, REFUSED or another
            // error ends the search
            if (r.status() != NameResolver.Status.NXDOMAIN && r.status() != NameResolver.Status.NO_ADDRESS
                    && r.status() != NameResolver.Status.DANGLING_CNAME && r.status() != NameResolver.Status.SERVFAIL) {
                asWritten = r;
                break;
            }
        }
        Resolution answer = asWritten == null ? last : asWritten;
        return renamed(answer, host, "no name of the search list resolves (" + system.resolvConf() + ", ndots:"
                + system.ndots() + "); asked: " + String.join(", ", asked));
    }

    private static Resolution renamed(Resolution r, String host, String note) {
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(note);
        return new Resolution(host, r.server(), r.source(), r.status(), r.chain(), r.addresses(), r.ttl(), r.detail(),
                notes, r.latency());
    }

    private Resolution await(Pending p, PathName name, Instant deadline) throws InterruptedException {
        Future<Resolution> f = p.future();
        long wait = Math.max(1, java.time.Duration.between(lookups.client().clock().instant(), deadline).toMillis());
        try {
            return f.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Resolution(name.host(), p.server(), "resolver " + p.server(), NameResolver.Status.TIMEOUT, List.of(), List.of(), null,
                    "no answer before the check's deadline", List.of(), java.time.Duration.ZERO);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new Resolution(name.host(), p.server(), "resolver " + p.server(), NameResolver.Status.ERROR, List.of(), List.of(), null,
                    c.getClass().getSimpleName() + ": " + c.getMessage(), List.of(), java.time.Duration.ZERO);
        }
    }
}
