package org.gatewaydoctor.springboot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gateway-doctor.*} settings.
 *
 * <pre>
 * gateway-doctor.sites[0].name=shop
 * gateway-doctor.sites[0].url=http://127.0.0.1/
 * gateway-doctor.sites[0].logs=/var/log/nginx,/var/log/php8.2-fpm.log
 * gateway-doctor.sites[0].configs.nginx=/etc/nginx/nginx.conf
 * gateway-doctor.sites[0].configs.php-fpm=/etc/php/8.2/fpm/php-fpm.conf
 * gateway-doctor.interval=1m
 * gateway-doctor.timeout=30s
 * </pre>
 */
@ConfigurationProperties("gateway-doctor")
public class GatewayDoctorProperties {

    /** Whether to monitor the sites at all. */
    private boolean enabled = true;
    /** The limit on one diagnosis (every check of it). */
    private Duration timeout = Duration.ofSeconds(60);
    /** The pause between the end of one diagnosis of a site and the start of the next. */
    private Duration interval = Duration.ofMinutes(1);
    /** Check ids or globs to run only (empty: all found on the class path). */
    private List<String> include = new ArrayList<>();
    /** Check ids or globs to leave out. */
    private List<String> exclude = new ArrayList<>();
    /** Secret values to mask in every diagnosis, besides the built-in patterns. */
    private List<String> secrets = new ArrayList<>();
    /** The sites to diagnose. */
    private List<Site> sites = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public List<String> getInclude() {
        return include;
    }

    public void setInclude(List<String> include) {
        this.include = include;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude;
    }

    public List<String> getSecrets() {
        return secrets;
    }

    public void setSecrets(List<String> secrets) {
        this.secrets = secrets;
    }

    public List<Site> getSites() {
        return sites;
    }

    public void setSites(List<Site> sites) {
        this.sites = sites;
    }

    /** One monitored site: what {@link org.gatewaydoctor.model.Target} it becomes. */
    public static class Site {
        /** The name in health, endpoint and meter tags (default: the URL's host and port, else site-N). */
        private String name;
        /** The site's address, http:// or https://. */
        private URI url;
        /** Log files and folders to read. */
        private List<Path> logs = new ArrayList<>();
        /** Configuration files by kind: nginx, apache, php-fpm, haproxy, wordpress. */
        private Map<String, Path> configs = new LinkedHashMap<>();
        /** Options for checks by name (e.g. logs.since, dns.resolv-conf). */
        private Map<String, String> options = new LinkedHashMap<>();
        /** Time zone of log lines without one (default: the JVM's). */
        private String zone;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public URI getUrl() {
            return url;
        }

        public void setUrl(URI url) {
            this.url = url;
        }

        public List<Path> getLogs() {
            return logs;
        }

        public void setLogs(List<Path> logs) {
            this.logs = logs;
        }

        public Map<String, Path> getConfigs() {
            return configs;
        }

        public void setConfigs(Map<String, Path> configs) {
            this.configs = configs;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }
    }
}
