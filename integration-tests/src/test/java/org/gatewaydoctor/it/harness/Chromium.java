package org.gatewaydoctor.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol: a WebSocket on the
 * loopback port the browser picks itself ({@code --remote-debugging-port=0}, read from
 * {@code DevToolsActivePort}). Every host name resolves to nothing ({@code --host-resolver-rules}), and
 * background services (updates, sync, translation, metrics) are off, so a page can reach nothing; a page
 * records every request it makes, every console message and uncaught exception, so a test can assert
 * that there were none. One browser per test class (it starts in about a second); one {@link Page} per
 * document.
 *
 * <pre>{@code
 * try (Chromium browser = Chromium.start(); Chromium.Page page = browser.newPage()) {
 *     page.load(Path.of("report.html"));
 *     assertEquals(List.of(), page.consoleErrors());
 *     JsonNode n = page.evaluate("document.querySelectorAll('[data-point]').length");
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    /** Where Debian installs it ({@code apt-get install chromium}). */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Whether the browser is installed. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static Chromium start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("gd-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu",
                "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
                "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication",
                "--mute-audio", "--hide-scrollbars", "--force-color-profile=srgb", "--window-size=1280,1600",
                "about:blank"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add(1, "--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        Path port = profile.resolve("DevToolsActivePort");
        try {
            Wait.until("chromium writes " + port, STEP, () -> {
                try {
                    return Files.exists(port) && Files.readAllLines(port).size() >= 2;
                } catch (IOException e) {
                    return false;
                }
            });
            List<String> lines = Files.readAllLines(port);
            URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(STEP)
                    .buildAsync(ws, listener).get(STEP.toSeconds(), TimeUnit.SECONDS);
            Chromium c = new Chromium(p, profile, socket);
            listener.owner = c;
            return c;
        } catch (IOException | InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            p.destroyForcibly();
            String log = "";
            try {
                log = Files.readString(profile.resolve("chromium.log"));
            } catch (IOException ignored) {
                // no log to add
            }
            throw new IllegalStateException("chromium did not start: " + e + "\n" + log, e);
        }
    }

    /** A new tab, with the page, runtime, console and network domains on. */
    public Page newPage() {
        String target = call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .get("targetId").asText();
        String session = call(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target)
                .put("flatten", true)).get("sessionId").asText();
        Page page = new Page(target, session);
        pages.put(session, page);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(session, domain + ".enable", JSON.createObjectNode());
        }
        return page;
    }

    private JsonNode call(String session, String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) {
                socket.sendText(msg.toString(), true).get(STEP.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode r = answer.get(STEP.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.get("error"));
            }
            return r.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + ": no answer within " + STEP, e);
        } finally {
            pending.remove(id);
        }
    }

    private void receive(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
            if (f != null) {
                f.complete(msg);
            }
            return;
        }
        Page page = msg.has("sessionId") ? pages.get(msg.get("sessionId").asText()) : null;
        if (page != null) {
            page.event(msg.get("method").asText(), msg.get("params"));
        }
    }

    @Override
    public void close() {
        try {
            call(null, "Browser.close", JSON.createObjectNode());
        } catch (RuntimeException ignored) {
            // killed below
        }
        socket.abort();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    /** One tab: what it loaded, requested and printed to its console. */
    public final class Page implements AutoCloseable {
        private final String target;
        private final String session;
        private final List<String> requests = new ArrayList<>();
        private final List<String> console = new ArrayList<>();
        private final List<String> events = new ArrayList<>();

        private Page(String target, String session) {
            this.target = target;
            this.session = session;
        }

        private synchronized void event(String method, JsonNode params) {
            events.add(method);
            switch (method) {
                case "Network.requestWillBeSent" -> requests.add(params.get("request").get("url").asText());
                case "Runtime.exceptionThrown" -> console.add("exception: " + params.get("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.get("type").asText();
                    if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                        console.add("console." + type + ": " + params.get("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.get("entry");
                    String level = entry.get("level").asText();
                    if (level.equals("error") || level.equals("warning")) {
                        console.add(entry.get("source").asText() + " " + level + ": " + entry.get("text").asText()
                                + (entry.has("url") ? " (" + entry.get("url").asText() + ")" : ""));
                    }
                }
                default -> {
                    // not needed
                }
            }
            notifyAll();
        }

        /** Opens {@code file} and waits for its load event. */
        public void load(Path file) {
            String url = file.toAbsolutePath().toUri().toString();
            int before;
            synchronized (this) {
                before = events.size();
            }
            call(session, "Page.navigate", JSON.createObjectNode().put("url", url));
            awaitEvent("Page.loadEventFired", before);
        }

        private synchronized void awaitEvent(String method, int after) {
            long end = System.nanoTime() + STEP.toNanos();
            while (events.subList(after, events.size()).stream().noneMatch(Predicate.isEqual(method))) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + method + " within " + STEP + "; saw " + events);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Every URL the page requested, its own document included. */
        public synchronized List<String> requests() {
            return List.copyOf(requests);
        }

        /** Console errors and warnings, uncaught exceptions, and the browser's own errors (a blocked request, a policy violation). */
        public synchronized List<String> consoleErrors() {
            return List.copyOf(console);
        }

        /** The value of a JavaScript expression (returned by value: numbers, strings, arrays, plain objects). */
        public JsonNode evaluate(String expression) {
            JsonNode r = call(session, "Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                    .put("returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException(expression + " threw " + r.get("exceptionDetails"));
            }
            return r.get("result").get("value");
        }

        /** Light or dark ({@code prefers-color-scheme}), for screen or print media. */
        public void emulate(String colorScheme, String media) {
            ObjectNode params = JSON.createObjectNode().put("media", media);
            params.putArray("features").addObject().put("name", "prefers-color-scheme").put("value", colorScheme);
            call(session, "Emulation.setEmulatedMedia", params);
        }

        /** Runs no script on the next loads, as a reader with JavaScript off. */
        public void scriptsDisabled(boolean disabled) {
            call(session, "Emulation.setScriptExecutionDisabled", JSON.createObjectNode().put("value", disabled));
        }

        /** The whole page as a PNG. */
        public void screenshot(Path png) {
            screenshot(png, 16_000);
        }

        /** The top of the page, at most {@code maxHeight} CSS pixels of it, as a PNG. */
        public void screenshot(Path png, int maxHeight) {
            JsonNode size = call(session, "Page.getLayoutMetrics", JSON.createObjectNode()).get("cssContentSize");
            ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
            params.putObject("clip").put("x", 0).put("y", 0).put("width", size.get("width").asDouble())
                    .put("height", Math.min(size.get("height").asDouble(), maxHeight)).put("scale", 1);
            write(png, call(session, "Page.captureScreenshot", params).get("data").asText());
        }

        /** The page printed (print style sheet, A4) as a PDF. */
        public byte[] pdf(Path file) {
            JsonNode r = call(session, "Page.printToPDF", JSON.createObjectNode().put("printBackground", true)
                    .put("paperWidth", 8.27).put("paperHeight", 11.69));
            return write(file, r.get("data").asText());
        }

        private byte[] write(Path file, String base64) {
            byte[] bytes = Base64.getDecoder().decode(base64);
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes;
        }

        @Override
        public void close() {
            pages.remove(session);
            call(null, "Target.closeTarget", JSON.createObjectNode().put("targetId", target));
        }
    }

    /** Collects a message's fragments and hands whole messages on. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Chromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Chromium c = owner;
                if (c != null) {
                    c.receive(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
