package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;

/**
 * Turns a cause's host commands into its container runtime's when its log evidence came from containers
 * ({@link Evidence.Origin}): {@code systemctl restart php8.2-fpm} becomes {@code docker compose restart php},
 * {@code journalctl -u php8.2-fpm} {@code docker compose logs php}, {@code systemctl status nginx} {@code kubectl
 * get pod -n NS POD}, and a first step names the containers the evidence came from.
 *
 * <p>The container a command is about is found by the software the command names: the container whose lines
 * are PHP-FPM's (or PHP's) for {@code php*-fpm}, nginx's for {@code nginx}, and so on, among all the evidence of
 * the diagnosis (a paste of two services' logs tells both names). When no line of that software came from a
 * container, the command names the service by its role ({@code <PHP-FPM service>}) on the same runtime.
 * Causes without container evidence are left as they are.
 */
final class ContainerAdvice {

    /** {@code systemctl status|restart|start|reload|stop|enable UNIT}. */
    private static final Pattern SYSTEMCTL = Pattern.compile(
            "(?:sudo )?systemctl (status|restart|start|reload|stop|enable)(?: --now)? ([A-Za-z][\\w@.-]*[\\w])");
    /** A configuration test: {@code php-fpm8.2 -t}, {@code nginx -t}, {@code apache2ctl -t}, {@code haproxy -c -f F}. */
    private static final Pattern CONFIG_TEST = Pattern.compile(
            "(?<![\\w/-])(php-fpm[0-9.x]*|nginx|apache2ctl|apachectl) -t\\b|(?<![\\w/-])(haproxy) -c -f \\S+");
    /** {@code journalctl -u UNIT} (options before {@code -u} kept out). */
    private static final Pattern JOURNALCTL = Pattern.compile("(?:sudo )?journalctl -u ([A-Za-z][\\w@.-]*[\\w])");
    /** {@code ps aux | grep php-fpm} and the like: the processes of a service. */
    private static final Pattern PS_GREP = Pattern.compile("ps aux \\| grep '?([A-Za-z][\\w.-]*)(?:: master)?'?");
    /**
     * A json-file log's path ({@code /var/lib/docker/containers/<id>/<id>-json.log}) or podman's
     * ({@code /var/lib/containers/storage/overlay-containers/<id>/userdata/ctr.log}): the id's first 12 digits.
     */
    private static final Pattern DOCKER_PATH = Pattern.compile("containers/([0-9a-f]{12})[0-9a-f]{52}/");
    /** {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log}. */
    private static final Pattern PODS_PATH = Pattern.compile("/pods/([^_/]+)_([^_/]+)_[^/]+/([^/]+)/[0-9]+\\.log");
    /** {@code /var/log/containers/<pod>_<namespace>_<container>-<64 hex>.log}. */
    private static final Pattern CONTAINERS_PATH = Pattern.compile(
            "/containers/([^_/]+)_([^_/]+)_(.+)-[0-9a-f]{64}\\.log");

    private ContainerAdvice() {
    }

    /** A container: its runtime, and what its commands need to name it. */
    record Box(String runtime, String name, String namespace, String pod, boolean oldCompose) {

        /** The command that shows whether the service runs. */
        String status() {
            return switch (runtime) {
                case "docker-compose" -> compose() + " ps " + name;
                case "docker-swarm" -> "docker service ps " + name;
                case "kubernetes" -> "kubectl get pod" + ns() + " " + pod;
                case "podman" -> "podman ps -a" + filter();
                default -> "docker ps -a" + filter();
            };
        }

        /** The command that restarts it. */
        String restart() {
            return switch (runtime) {
                case "docker-compose" -> compose() + " restart " + name;
                case "docker-swarm" -> "docker service update --force " + name;
                case "kubernetes" -> "kubectl delete pod" + ns() + " " + pod + " (its controller starts a new one)";
                case "podman" -> "podman restart " + name;
                default -> "docker restart " + name;
            };
        }

        /** The command that shows its log. */
        String logs() {
            return switch (runtime) {
                case "docker-compose" -> compose() + " logs " + name;
                case "docker-swarm" -> "docker service logs " + name;
                case "kubernetes" -> "kubectl logs" + ns() + " " + pod + " -c " + container()
                        + " (add --previous for the run before a restart)";
                case "podman" -> "podman logs " + name;
                default -> "docker logs " + name;
            };
        }

        /** The command that lists its processes. */
        String top() {
            return switch (runtime) {
                case "docker-compose" -> compose() + " top " + name;
                case "docker-swarm" -> "docker service ps " + name;
                case "kubernetes" -> "kubectl exec" + ns() + " " + pod + " -c " + container() + " -- ps aux";
                case "podman" -> "podman top " + name;
                default -> "docker top " + name;
            };
        }

        /** The command that runs a program in it (a configuration test). */
        String exec(String program) {
            return switch (runtime) {
                case "docker-compose" -> compose() + " exec " + name + " " + program;
                case "docker-swarm" -> "docker exec <a task of " + name + "> " + program;
                case "kubernetes" -> "kubectl exec" + ns() + " " + pod + " -c " + container() + " -- " + program;
                case "podman" -> "podman exec " + name + " " + program;
                default -> "docker exec " + name + " " + program;
            };
        }

        /** What keeps it running after a crash or a reboot. */
        String keepUp() {
            return switch (runtime) {
                case "docker-compose" -> "restart: unless-stopped on service " + name + " in the compose file";
                case "docker-swarm" -> "the service's restart policy (docker service update --restart-condition any "
                        + name + ")";
                case "kubernetes" -> "a Deployment or StatefulSet for pod " + pod + " (it restarts its containers)";
                case "podman" -> "podman update --restart=unless-stopped " + name;
                default -> "docker update --restart=unless-stopped " + name;
            };
        }

        private String filter() {
            if (name.startsWith("<")) {
                return " (find the " + name.substring(1, name.length() - 1) + ")";
            }
            return name.matches("[0-9a-f]{12}") ? " --filter id=" + name : " --filter name=" + name;
        }

        private String compose() {
            return oldCompose ? "docker-compose" : "docker compose";
        }

        private String ns() {
            return namespace == null ? "" : " -n " + namespace;
        }

        private String container() {
            return name == null ? "CONTAINER" : name;
        }

        /** How the first step names it. */
        String describe() {
            return switch (runtime) {
                case "docker-compose" -> (oldCompose ? "docker-compose" : "docker compose") + " service " + name;
                case "docker-swarm" -> "Swarm service " + name;
                case "kubernetes" -> "container " + container() + " of pod " + pod
                        + (namespace == null ? "" : " (namespace " + namespace + ")");
                case "podman" -> name.startsWith("<") ? "a podman container" : "podman container " + name;
                default -> name.startsWith("<") ? "a docker container" : "docker container " + name;
            };
        }
    }

    /** The causes, their host commands turned into their containers' where their log evidence came from containers. */
    static List<RankedCause> adapt(List<RankedCause> causes) {
        // which container each software's lines came from, over the whole diagnosis
        Map<String, Box> bySoftware = new LinkedHashMap<>();
        for (RankedCause c : causes) {
            for (Evidence e : c.evidence()) {
                if (e instanceof Evidence.LogLine l && l.origin() != null) {
                    Box b = box(l);
                    String sw = software(LineFormats.detect(l.text()));
                    if (b != null && sw != null) {
                        bySoftware.putIfAbsent(sw, b);
                    }
                }
            }
        }
        if (bySoftware.isEmpty() && causes.stream().flatMap(c -> c.evidence().stream())
                .noneMatch(e -> e instanceof Evidence.LogLine l && l.origin() != null)) {
            return causes;
        }
        List<RankedCause> out = new ArrayList<>(causes.size());
        for (RankedCause c : causes) {
            Set<Box> own = new LinkedHashSet<>();
            for (Evidence e : c.evidence()) {
                if (e instanceof Evidence.LogLine l && l.origin() != null) {
                    Box b = box(l);
                    if (b != null) {
                        own.add(b);
                    }
                }
            }
            if (own.isEmpty()) {
                out.add(c);
                continue;
            }
            String runtime = own.iterator().next().runtime();
            List<String> steps = new ArrayList<>();
            steps.add("The log lines behind this came from " + String.join(" and ", own.stream().map(Box::describe)
                    .distinct().toList()) + ": look and act there (" + runtime + "), not with the host's systemctl.");
            c.remediation().forEach(r -> steps.add(rewrite(r, bySoftware, runtime, own)));
            List<String> confirm = c.confirmWith().stream().map(r -> rewrite(r, bySoftware, runtime, own)).toList();
            out.add(new RankedCause(c.rank(), c.code(), c.layer(), c.confidence(), c.severity(), c.summary(),
                    c.httpStatus(), c.statusNote(), c.evidence(), steps.stream().distinct().toList(), confirm,
                    c.reportedBy(), c.explains(), c.basis()));
        }
        return out;
    }

    /** {@code text} with its host commands replaced by the runtime's. */
    static String rewrite(String text, Map<String, Box> bySoftware, String runtime, Set<Box> own) {
        String s = replace(SYSTEMCTL, text, m -> {
            Box b = target(m.group(2), bySoftware, runtime, own);
            if (b == null) {
                return null;
            }
            return switch (m.group(1)) {
                case "status" -> b.status();
                case "enable" -> b.keepUp();
                default -> b.restart();
            };
        });
        s = replace(JOURNALCTL, s, m -> {
            Box b = target(m.group(1), bySoftware, runtime, own);
            return b == null ? null : b.logs();
        });
        s = replace(CONFIG_TEST, s, m -> {
            Box b = target(m.group(1) != null ? m.group(1) : m.group(2), bySoftware, runtime, own);
            return b == null ? null : b.exec(m.group());
        });
        return replace(PS_GREP, s, m -> {
            Box b = target(m.group(1), bySoftware, runtime, own);
            return b == null ? null : b.top();
        });
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String r = with.apply(m);
            m.appendReplacement(b, Matcher.quoteReplacement(r == null ? m.group() : r));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The container running {@code unit}'s software: the one its lines came from, or one named by its role. */
    private static Box target(String unit, Map<String, Box> bySoftware, String runtime, Set<Box> own) {
        String sw = unitSoftware(unit);
        if (sw == null) {
            return null;
        }
        Box b = bySoftware.get(sw);
        if (b != null) {
            return b;
        }
        if ("web".equals(sw)) {
            b = bySoftware.get("nginx") != null ? bySoftware.get("nginx") : bySoftware.get("apache");
            if (b != null) {
                return b;
            }
        }
        boolean old = own.stream().anyMatch(Box::oldCompose);
        String role = switch (sw) {
            case "php" -> "PHP-FPM";
            case "db" -> "database";
            case "web" -> "web server";
            default -> sw;
        };
        return switch (runtime) {
            // most likely in the namespace of the pod the lines came from
            case "kubernetes" -> new Box(runtime, "<" + role + " container>", own.stream().map(Box::namespace)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null), "<" + role + " pod>", false);
            case "docker-compose", "docker-swarm" -> new Box(runtime, "<" + role + " service>", null, null, old);
            default -> new Box(runtime, "<" + role + " container>", null, null, false);
        };
    }

    /** The software a systemd unit or process name stands for. */
    private static String unitSoftware(String unit) {
        String u = unit.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("php") && u.contains("fpm")) {
            return "php";
        }
        if (u.startsWith("nginx")) {
            return "nginx";
        }
        if (u.startsWith("apache") || u.startsWith("httpd")) {
            return "apache";
        }
        if (u.startsWith("mariadb") || u.startsWith("mysql")) {
            return "db";
        }
        if (u.startsWith("haproxy")) {
            return "haproxy";
        }
        if (u.startsWith("varnish")) {
            return "varnish";
        }
        return null;
    }

    /** The software a line of {@code f} was written by; access lines by the web server, whichever it is. */
    private static String software(LogFormat f) {
        return switch (f) {
            case PHP_FPM, PHP_FPM_SLOWLOG, PHP_ERROR -> "php";
            case NGINX_ERROR -> "nginx";
            case APACHE_ERROR -> "apache";
            case HTTP_ACCESS -> "web";
            case MYSQL_ERROR -> "db";
            case HAPROXY -> "haproxy";
            default -> null;
        };
    }

    /** The container of a line with an origin, its names read from the wrapper or the log file's path. */
    static Box box(Evidence.LogLine l) {
        Evidence.Origin o = l.origin();
        String name = o.name();
        switch (o.runtime()) {
            case "docker-compose" -> {
                if (name == null) {
                    return null;
                }
                // compose v2 names containers service-N, v1 service_N; the commands take the service
                boolean old = name.matches(".*_[0-9]+");
                return new Box(o.runtime(), name.replaceFirst("[-_][0-9]+$", ""), null, null, old);
            }
            case "docker-swarm" -> {
                if (name == null) {
                    return null;
                }
                int dot = name.indexOf('.');
                return new Box(o.runtime(), dot > 0 ? name.substring(0, dot) : name, null, null, false);
            }
            case "kubernetes" -> {
                Matcher m = PODS_PATH.matcher(l.file());
                if (m.find()) {
                    return new Box(o.runtime(), m.group(3), m.group(1), m.group(2), false);
                }
                m = CONTAINERS_PATH.matcher(l.file());
                if (m.find()) {
                    return new Box(o.runtime(), m.group(3), m.group(2), m.group(1), false);
                }
                return new Box(o.runtime(), null, null, "POD", false);
            }
            default -> {
                if (name == null) {
                    Matcher m = DOCKER_PATH.matcher(l.file());
                    name = m.find() ? m.group(1) : "<container>";
                }
                return new Box(o.runtime(), name, null, null, false);
            }
        }
    }
}
