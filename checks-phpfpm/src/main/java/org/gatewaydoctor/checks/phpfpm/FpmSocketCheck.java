package org.gatewaydoctor.checks.phpfpm;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.Accounts;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.ListenMatch;
import org.gatewaydoctor.checks.phpfpm.internal.SocketAccess;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.ListenAddress;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FastCgiClient;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiEndpoint;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiRequest;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Looks at each pool's socket as the web server meets it: a unix socket that is missing, not a socket, or left
 * behind by a dead master (connect refused: {@code phpfpm.down}); a socket whose owner, group and mode (and the
 * directories above it) do not let the web server's worker user connect ({@code phpfpm.socket_permission},
 * nginx's {@code (13: Permission denied)}); a TCP port nothing listens on; and {@code listen.allowed_clients}
 * that leaves out the address the web server connects from ({@code phpfpm.client_not_allowed}).
 *
 * <p>Users and groups come from {@code /etc/passwd} and {@code /etc/group} (read only). Connections are made to
 * the configured addresses only, each bounded by the deadline, and carry no request except a FastCGI call of
 * the pool's {@code ping.path} when {@code listen.allowed_clients} is to be confirmed. Only on the server diagnosed
 * ({@link FpmTarget#onThisMachine}): with another server's configuration only {@code listen.allowed_clients} is
 * compared with the web servers' routes, from the files.
 */
public final class FpmSocketCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.socket";
    /** The longest one connection may take. */
    static final Duration CONNECT = Duration.ofSeconds(3);

    private final Path root;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}: accounts from {@code /etc}. */
    public FpmSocketCheck() {
        this(Path.of("/"));
    }

    /** With the accounts files read from under {@code root} ({@code root/etc/passwd}), for tests. */
    FpmSocketCheck(Path root) {
        this.root = root;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PHP_FPM;
    }

    @Override
    public String title() {
        return "PHP-FPM sockets: present, accepting, open to the web server's user and address";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.FPM_POOLS_CHECK, Facts.WEB_SERVERS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        FpmTarget fpm = FpmTarget.of(ctx);
        List<FpmPool> pools = fpm.listening();
        if (pools.isEmpty()) {
            return fpm.nothingListens();
        }
        Optional<WebServers> web = ctx.fact(Facts.WEB_SERVERS);
        if (!FpmTarget.onThisMachine(ctx.target())) {
            // another server's configuration: its sockets and ports are not this machine's. What the files alone
            // tell still counts: listen.allowed_clients against the address the web server connects from
            List<Finding> findings = new ArrayList<>();
            for (FpmPool p : pools) {
                Setting<ListenAddress> listen = p.listen().address().orElseThrow();
                if (listen.value() instanceof ListenAddress.Tcp tcp) {
                    allowedClients(ctx, null, p, listen, tcp, FcgiEndpoint.of(listen.value()).orElseThrow(), web,
                            findings);
                }
            }
            return findings.isEmpty() ? FpmTarget.notThisMachine("the pools' sockets and ports")
                    : CheckResult.findings(findings);
        }
        Accounts accounts = Accounts.read(root);
        FastCgiClient client = FastCgiClient.standard();
        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>();
        for (FpmPool p : pools) {
            if (ctx.remaining().isZero() || Thread.currentThread().isInterrupted()) {
                fine.add(new Evidence.Observation("stopped at the deadline before pool " + p.name()));
                break;
            }
            Setting<ListenAddress> listen = p.listen().address().orElseThrow();
            Address address = FpmConfigs.address(p).orElseThrow();
            FcgiEndpoint endpoint = FcgiEndpoint.of(listen.value()).orElseThrow();
            List<WebServer> users = webUsers(web, address);
            int before = findings.size();
            if (listen.value() instanceof ListenAddress.Unix u) {
                unix(ctx, client, p, listen, Path.of(u.path()), endpoint, users, accounts, findings, fine);
            } else {
                tcp(ctx, client, p, listen, (ListenAddress.Tcp) listen.value(), endpoint, web, findings, fine);
            }
            if (findings.size() == before) {
                fine.add(new Evidence.Observation("pool " + p.name() + ": " + listen.value().describe()
                        + " accepts connections" + (users.isEmpty() ? "" : " and is open to " + who(users))));
            }
        }
        return findings.isEmpty() ? CheckResult.passed(fine) : CheckResult.findings(findings);
    }

    /** The web servers that connect to {@code address}, or every nginx/Apache when none routes there. */
    private static List<WebServer> webUsers(Optional<WebServers> web, Address address) {
        if (web.isEmpty()) {
            return List.of();
        }
        List<WebServer> routed = ListenMatch.routesTo(web.get(), address).stream().map(ListenMatch.Routed::server)
                .distinct().toList();
        if (!routed.isEmpty()) {
            return routed;
        }
        return web.get().servers().stream().filter(s -> s.kind() != WebServer.Kind.HAPROXY).toList();
    }

    private void unix(CheckContext ctx, FastCgiClient client, FpmPool p, Setting<ListenAddress> listen, Path socket,
                      FcgiEndpoint endpoint, List<WebServer> servers, Accounts accounts, List<Finding> findings,
                      List<Evidence> fine) {
        Evidence listenLine = FpmConfigs.evidence("listen", listen);
        String spelled = "unix:" + socket;
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.7,
                            "pool " + p.name() + "'s socket " + socket + " does not exist: PHP-FPM is not running "
                                    + "with this configuration; nginx logs 'connect() to " + spelled + " failed "
                                    + "(2: No such file or directory) while connecting to upstream' and answers 502 "
                                    + "(Apache answers 503)")
                    .evidence(listenLine, new Evidence.Observation("no file at " + socket, ctx.clock().instant()))
                    .remediation("Start PHP-FPM (systemctl start php8.2-fpm) and read its log if it stops again.",
                            "If PHP-FPM runs with another configuration, point the web server at the socket it "
                                    + "really creates.")
                    .confirmWith("no php-fpm master process runs (the phpfpm.process check), or "
                            + "'systemctl status php8.2-fpm' shows it stopped")
                    .httpStatus(502).build());
            return;
        }
        Optional<SocketAccess.Stat> stat = SocketAccess.stat(socket);
        if (stat.isPresent() && !stat.get().socket()) {
            findings.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.65,
                            "pool " + p.name() + "'s socket path " + socket + " is "
                                    + (stat.get().directory() ? "a directory" : "not a socket")
                                    + ": no PHP-FPM listens there; nginx logs 'connect() to " + spelled
                                    + " failed (111: Connection refused)' and answers 502")
                    .evidence(listenLine, new Evidence.Observation(socket + " is not a socket (mode "
                            + stat.get().modeOctal() + ")", ctx.clock().instant()))
                    .remediation("Start PHP-FPM; it replaces the file with its socket. If it fails, read its log.")
                    .httpStatus(502).build());
            return;
        }
        Instant at = ctx.clock().instant();
        long t0 = System.nanoTime();
        Optional<FcgiResult> failure = client.connect(endpoint, min(ctx.remaining(), CONNECT));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (failure.isPresent()) {
            FcgiResult f = failure.get();
            Evidence probe = new Evidence.Probe(spelled, "unix", null, took, f.describe(), at);
            if (f instanceof FcgiResult.Refused || f instanceof FcgiResult.NoSuchSocket) {
                findings.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                                "pool " + p.name() + "'s socket " + socket + " is stale: the file is there but "
                                        + "nothing accepts on it (the master died without removing it); nginx logs "
                                        + "'connect() to " + spelled + " failed (111: Connection refused) while "
                                        + "connecting to upstream' and answers 502 (Apache answers 503)")
                        .evidence(probe, listenLine)
                        .remediation("Start PHP-FPM again (systemctl restart php8.2-fpm): it removes the stale file "
                                        + "and listens anew.",
                                "Find out why the master died: PHP-FPM's log, 'journalctl -u php8.2-fpm', and the "
                                        + "kernel log for the OOM killer.")
                        .httpStatus(502).build());
                return;
            }
            if (f instanceof FcgiResult.QueueFull) {
                findings.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                                "pool " + p.name() + "'s listen queue is full: every worker is busy and "
                                        + p.listen().backlog().value() + " connections already wait; nginx logs "
                                        + "'connect() to " + spelled + " failed (11: Resource temporarily unavailable) "
                                        + "while connecting to upstream' and answers 502")
                        .evidence(probe, FpmConfigs.evidence("listen.backlog", p.listen().backlog()))
                        .remediation("Find what holds the workers (the status page, the slowlog), then size "
                                + "pm.max_children to the memory.")
                        .httpStatus(502).build());
                return;
            }
            if (!(f instanceof FcgiResult.PermissionDenied)) {
                findings.add(Finding.symptom(Layer.PHP_FPM, Severity.WARNING, "pool " + p.name()
                        + "'s socket " + socket + " could not be opened: " + f.describe()).evidence(probe).build());
                return;
            }
            // permission denied for this process: the user analysis below says whether the web server is too
            fine.add(probe);
        }
        permissions(p, socket, servers, accounts, listenLine, findings);
    }

    private static void permissions(FpmPool p, Path socket, List<WebServer> servers, Accounts accounts,
                                    Evidence listenLine, List<Finding> findings) {
        List<SocketAccess.Stat> chain = SocketAccess.chain(socket);
        if (chain.isEmpty() || !chain.get(chain.size() - 1).path().equals(socket)) {
            return;
        }
        SocketAccess.Stat sock = chain.get(chain.size() - 1);
        List<String> aclUsers = list(p.listen().aclUsers());
        List<String> aclGroups = list(p.listen().aclGroups());
        Map<String, WebServer> byUser = new LinkedHashMap<>();
        for (WebServer s : servers) {
            if (!s.user().isEmpty()) {
                byUser.putIfAbsent(s.user(), s);
            }
        }
        for (Map.Entry<String, WebServer> e : byUser.entrySet()) {
            String userName = e.getKey();
            WebServer server = e.getValue();
            Optional<Accounts.User> user = accounts.user(userName);
            if (user.isEmpty()) {
                continue;
            }
            Set<Integer> gids = accounts.gidsOf(user.get());
            if (aclUsers.contains(userName) || gids.stream().map(accounts::groupName).anyMatch(aclGroups::contains)) {
                continue;
            }
            Optional<SocketAccess.Denial> denial = SocketAccess.denial(user.get().uid(), gids, chain);
            if (denial.isEmpty()) {
                continue;
            }
            SocketAccess.Denial d = denial.get();
            String serverName = server.kind().name().toLowerCase(Locale.ROOT);
            String spelled = "unix:" + socket;
            boolean apache = server.kind() == WebServer.Kind.APACHE;
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence.Observation(d.at().path() + " is owned by " + accounts.userName(d.at().uid()) + ":"
                    + accounts.groupName(d.at().gid()) + " with mode " + d.at().modeOctal() + "; " + userName
                    + " (uid " + user.get().uid() + ") is " + d.as() + ", so it lacks " + d.missing() + " permission"));
            ev.add(new Evidence.Observation(serverName + " workers run as " + userName
                    + (server.group().isEmpty() ? "" : ":" + server.group()) + " (" + server.config() + ")"));
            ev.add(listenLine);
            p.listen().owner().ifPresent(s -> ev.add(FpmConfigs.evidence("listen.owner", s)));
            p.listen().group().ifPresent(s -> ev.add(FpmConfigs.evidence("listen.group", s)));
            ev.add(FpmConfigs.evidence("listen.mode", p.listen().mode()));
            if (!aclUsers.isEmpty() || !aclGroups.isEmpty()) {
                ev.add(new Evidence.Observation("listen.acl_users/listen.acl_groups are set but do not name "
                        + userName + " or its groups"));
            }
            boolean onSocket = d.at().path().equals(socket);
            findings.add(Finding.cause(CauseCode.PHPFPM_SOCKET_PERMISSION, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                            serverName + " (user " + userName + ") may not open pool " + p.name() + "'s socket "
                                    + socket + ": " + (onSocket ? "the socket" : "the directory " + d.at().path())
                                    + " is " + accounts.userName(d.at().uid()) + ":" + accounts.groupName(d.at().gid())
                                    + " " + d.at().modeOctal() + "; " + (apache
                                    ? "Apache logs '(13)Permission denied: AH02454: FCGI: attempt to connect to Unix "
                                    + "domain socket " + socket + " (*) failed' and answers 503"
                                    : "nginx logs 'connect() to " + spelled + " failed (13: Permission denied) while "
                                    + "connecting to upstream' and answers 502"))
                    .evidence(ev)
                    .remediation(onSocket
                                    ? "Give the web server's user the socket: in pool " + p.name() + " set listen.owner = "
                                    + userName + ", listen.group = " + (server.group().isEmpty() ? userName : server.group())
                                    + " and listen.mode = 0660, then restart PHP-FPM (the socket is re-created with "
                                    + "them)."
                                    : "Let " + userName + " search " + d.at().path() + " (chmod o+x, or put the socket "
                                    + "in a directory the web server can enter, such as /run/php).",
                            "Do not make the socket world-writable (0666): any local user could then run PHP as "
                                    + "the pool's user.")
                    .confirmWith("sudo -u " + userName + " test -w " + socket + " fails")
                    .httpStatus(apache ? 503 : 502).build());
        }
    }

    private void tcp(CheckContext ctx, FastCgiClient client, FpmPool p, Setting<ListenAddress> listen,
                     ListenAddress.Tcp tcp, FcgiEndpoint endpoint, Optional<WebServers> web, List<Finding> findings,
                     List<Evidence> fine) {
        Evidence listenLine = FpmConfigs.evidence("listen", listen);
        Instant at = ctx.clock().instant();
        long t0 = System.nanoTime();
        Optional<FcgiResult> failure = client.connect(endpoint, min(ctx.remaining(), CONNECT));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Evidence probe = new Evidence.Probe(endpoint.describe(), "tcp", null, took,
                failure.map(FcgiResult::describe).orElse("connected"), at);
        if (failure.isPresent()) {
            FcgiResult f = failure.get();
            if (f instanceof FcgiResult.Refused) {
                findings.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.8,
                                "nothing listens on " + endpoint.describe() + " where pool " + p.name()
                                        + " should: PHP-FPM is not running with this configuration; nginx logs "
                                        + "'connect() failed (111: Connection refused) while connecting to upstream' "
                                        + "and answers 502 (Apache answers 503)")
                        .evidence(probe, listenLine)
                        .remediation("Start PHP-FPM (systemctl start php8.2-fpm) and read its log if it stops again.")
                        .confirmWith("no php-fpm master process runs (the phpfpm.process check)")
                        .httpStatus(502).build());
            } else if (f instanceof FcgiResult.Timeout) {
                findings.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.WARNING, 0.5,
                                "connecting to pool " + p.name() + " at " + endpoint.describe() + " took longer than "
                                        + took.toMillis() + " ms: its accept queue is full")
                        .evidence(probe, listenLine)
                        .confirmWith("the status page's 'listen queue' is above 0").build());
            } else {
                findings.add(Finding.symptom(Layer.PHP_FPM, Severity.WARNING, "pool " + p.name() + " at "
                        + endpoint.describe() + " could not be reached: " + f.describe()).evidence(probe).build());
            }
            return;
        }
        fine.add(probe);
        allowedClients(ctx, client, p, listen, tcp, endpoint, web, findings);
    }

    /**
     * {@code listen.allowed_clients} against the addresses the web servers connect from. With a {@code client}, a
     * loopback source is confirmed by a live call; without one (another server's configuration) from the files only.
     */
    private static void allowedClients(CheckContext ctx, FastCgiClient client, FpmPool p, Setting<ListenAddress> listen,
                                       ListenAddress.Tcp tcp, FcgiEndpoint endpoint, Optional<WebServers> web,
                                       List<Finding> findings) {
        Evidence listenLine = FpmConfigs.evidence("listen", listen);
        List<String> allowed = p.listen().allowedClients().map(Setting::value).orElse(List.of());
        if (allowed.isEmpty()) {
            return;
        }
        Address address = FpmConfigs.address(p).orElseThrow();
        Map<String, String> sources = new LinkedHashMap<>(); // source -> who connects from it
        boolean assumed = false;
        if (web.isPresent()) {
            for (ListenMatch.Routed r : ListenMatch.routesTo(web.get(), address)) {
                ListenMatch.sourceFor(r.target().host()).ifPresent(s -> sources.putIfAbsent(s,
                        r.server().kind().name().toLowerCase(Locale.ROOT) + " (" + r.route().location() + ", to "
                                + r.target() + ")"));
            }
        }
        if (sources.isEmpty()) {
            ListenMatch.sourceFor(tcp.connectHost()).ifPresent(s -> sources.put(s,
                    "a web server on this host connecting to " + endpoint.describe()));
            assumed = true;
        }
        for (Map.Entry<String, String> s : sources.entrySet()) {
            if (ListenMatch.allowed(allowed, s.getKey())) {
                continue;
            }
            List<Evidence> ev = new ArrayList<>();
            ev.add(FpmConfigs.evidence("listen.allowed_clients", p.listen().allowedClients().orElseThrow()));
            ev.add(listenLine);
            ev.add(new Evidence.Observation(s.getValue() + " connects from " + s.getKey()));
            boolean confirmed = false;
            if (client != null && (s.getKey().equals("127.0.0.1") || s.getKey().equals("::1"))) {
                String path = p.status().pingPath().map(Setting::value).orElse("/ping");
                Instant at2 = ctx.clock().instant();
                FcgiResult r = client.call(endpoint, FcgiRequest.get(path, ""), min(ctx.remaining(), CONNECT));
                confirmed = r instanceof FcgiResult.Closed c && c.bytesReceived() == 0;
                ev.add(0, new Evidence.Probe(endpoint.describe(), "fastcgi", r instanceof FcgiResult.Response x
                        ? x.status() : null, r instanceof FcgiResult.Response x2 ? x2.elapsed() : Duration.ZERO,
                        r.describe() + (confirmed ? " before answering: PHP-FPM dropped the connection" : ""), at2));
            }
            findings.add(Finding.cause(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, Layer.PHP_FPM, Severity.CRITICAL,
                            confirmed ? 0.95 : assumed ? 0.6 : 0.8,
                            "pool " + p.name() + " accepts FastCGI only from " + String.join(", ", allowed)
                                    + " (listen.allowed_clients), but " + s.getValue() + " connects from "
                                    + s.getKey() + ": PHP-FPM closes each such connection at once (its worker writes "
                                    + "'Connection disallowed: IP address '" + s.getKey() + "' has been dropped.' to "
                                    + "stderr, which reaches PHP-FPM's log only with catch_workers_output = yes); "
                                    + "nginx logs 'upstream prematurely closed connection' (or 'recv() failed "
                                    + "(104: Connection reset by peer)') and answers 502")
                    .evidence(ev)
                    .remediation("Add " + s.getKey() + " to listen.allowed_clients of pool " + p.name()
                            + " (or remove the line when the port is firewalled), then restart PHP-FPM.")
                    .confirmWith("with catch_workers_output = yes, PHP-FPM's log shows 'Connection disallowed: "
                            + "IP address '" + s.getKey() + "' has been dropped.'")
                    .httpStatus(502).build());
        }
    }

    private static List<String> list(Optional<Setting<String>> s) {
        return s.map(v -> Arrays.stream(v.value().split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
    }

    private static String who(List<WebServer> servers) {
        return String.join(", ", servers.stream().filter(s -> !s.user().isEmpty())
                .map(s -> s.kind().name().toLowerCase(Locale.ROOT) + " (" + s.user() + ")").distinct().toList());
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
