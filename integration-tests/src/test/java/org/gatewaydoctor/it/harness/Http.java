package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HTTP requests to a stack on 127.0.0.1 (never anywhere else). */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Http() {
    }

    /** What came back: the status and the body (or status 0 and the exception text when no answer came). */
    public record Response(int status, String body) {
    }

    public static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A GET that waits at most {@code limit}. */
    public static Response get(URI url, Duration limit) {
        requireLoopback(url);
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(url).timeout(limit).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, e.toString());
        }
    }

    public static Response get(URI url) {
        return get(url, Duration.ofSeconds(30));
    }

    /** {@code n} GETs at once, e.g. to fill a pool; waits for all of them. */
    public static List<Response> concurrently(URI url, int n, Duration limit) {
        requireLoopback(url);
        List<CompletableFuture<Response>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(CLIENT.sendAsync(HttpRequest.newBuilder(url).timeout(limit).GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Response(r.statusCode(), r.body()))
                    .exceptionally(e -> new Response(0, e.toString())));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    private static void requireLoopback(URI url) {
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("tests only send traffic to 127.0.0.1: " + url);
        }
    }
}
