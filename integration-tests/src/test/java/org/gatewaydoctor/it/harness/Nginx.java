package org.gatewaydoctor.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx ({@code /usr/sbin/nginx}) in a stack: its own {@code nginx/nginx.conf} (never the
 * system one), in the foreground, workers as {@code www-data}, error log at {@code warn} in
 * {@code logs/nginx-error.log}, access log in {@code logs/nginx-access.log}.
 */
public final class Nginx {

    public static final String BINARY = "/usr/sbin/nginx";

    private Nginx() {
    }

    public static Path configFile(Stack stack) {
        return stack.path("nginx/nginx.conf");
    }

    /**
     * The FastCGI parameters PHP-FPM needs (as Debian's {@code fastcgi_params} plus
     * {@code SCRIPT_FILENAME}), written inline so the system's files are never read.
     */
    public static String fastcgiParams() {
        return """
                fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                fastcgi_param QUERY_STRING $query_string;
                fastcgi_param REQUEST_METHOD $request_method;
                fastcgi_param CONTENT_TYPE $content_type;
                fastcgi_param CONTENT_LENGTH $content_length;
                fastcgi_param SCRIPT_NAME $fastcgi_script_name;
                fastcgi_param REQUEST_URI $request_uri;
                fastcgi_param DOCUMENT_URI $document_uri;
                fastcgi_param DOCUMENT_ROOT $document_root;
                fastcgi_param SERVER_PROTOCOL $server_protocol;
                fastcgi_param GATEWAY_INTERFACE CGI/1.1;
                fastcgi_param REMOTE_ADDR $remote_addr;
                fastcgi_param REMOTE_PORT $remote_port;
                fastcgi_param SERVER_ADDR $server_addr;
                fastcgi_param SERVER_PORT $server_port;
                fastcgi_param SERVER_NAME $server_name;
                """;
    }

    /** A whole configuration around {@code httpBody} (server blocks, upstreams, http-level directives). */
    public static String config(Stack stack, String httpBody) {
        return """
                user www-data;
                worker_processes 1;
                pid %1$s/run/nginx.pid;
                error_log %1$s/logs/nginx-error.log warn;
                events { worker_connections 128; }
                http {
                    access_log %1$s/logs/nginx-access.log;
                    client_body_temp_path %1$s/nginx/tmp/body;
                    fastcgi_temp_path %1$s/nginx/tmp/fastcgi;
                    proxy_temp_path %1$s/nginx/tmp/proxy;
                    uwsgi_temp_path %1$s/nginx/tmp/uwsgi;
                    scgi_temp_path %1$s/nginx/tmp/scgi;
                %2$s
                }
                """.formatted(stack.dir(), httpBody.indent(4));
    }

    /** A server on 127.0.0.1:{@code port} serving {@code www/} with {@code locations} inside. */
    public static String server(Stack stack, int port, String locations) {
        return """
                server {
                    listen 127.0.0.1:%d;
                    server_name localhost;
                    root %s;
                %s
                }
                """.formatted(port, stack.path("www"), locations.indent(4));
    }

    /** Writes {@code config} and starts nginx on {@code port}; waits until it listens. */
    public static Server start(Stack stack, String config, int port) {
        stack.mkdirs("nginx/tmp");
        Path conf = stack.write("nginx/nginx.conf", config);
        Server s = stack.start("nginx", List.of(BINARY, "-e", stack.logs().resolve("nginx-error.log").toString(),
                "-p", stack.path("nginx").toString(), "-c", conf.toString(), "-g", "daemon off;"));
        Wait.until("nginx on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
        return s;
    }
}
