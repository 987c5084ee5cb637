#!/usr/bin/env python3
"""Captures the raw bytes real PHP-FPM sends back over FastCGI, for the FastCGI fuzz test's seeds.

Usage: capture/fastcgi.py OUTDIR   (needs php-fpm8.2; binds only a unix socket in a temp dir)
Starts php-fpm8.2 -F with its own config in a temp dir, sends one FastCGI request per case (the same
record layout as FcgiProtocol.encode: BEGIN_REQUEST responder, PARAMS, empty PARAMS, empty STDIN),
writes every byte read until the peer closes to OUTDIR/<case>.bin, then stops php-fpm by its PID.
"""
import os, signal, socket, struct, subprocess, sys, tempfile, time

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="gd-fcgi-")
os.chmod(tmp, 0o755)
www = os.path.join(tmp, "www"); os.mkdir(www); os.chmod(www, 0o755)
scripts = {
    "hello.php": "<?php echo 'hello';",
    "stderr.php": "<?php error_log('gd-capture: something went wrong'); trigger_error('gd notice', E_USER_WARNING); echo 'after';",
    "status503.php": "<?php header('Status: 503 Service Unavailable'); header('Retry-After: 5'); echo 'down';",
    "redirect.php": "<?php header('Location: /elsewhere'); ",
    "big.php": "<?php echo str_repeat(\"0123456789abcdef\\n\", 400);",
    "fatal.php": "<?php undefined_function_gd();",
    "json.php": "<?php header('Content-Type: application/json'); echo json_encode(['a'=>[1,2,'x'=>null]]);",
}
for name, body in scripts.items():
    with open(os.path.join(www, name), "w") as f:
        f.write(body)
    os.chmod(os.path.join(www, name), 0o644)
sock = os.path.join(tmp, "fpm.sock")
conf = os.path.join(tmp, "php-fpm.conf")
with open(conf, "w") as f:
    f.write(f"""[global]
pid = {tmp}/fpm.pid
error_log = {tmp}/fpm.log
daemonize = no
[www]
user = nobody
group = nogroup
listen = {sock}
listen.mode = 0666
pm = static
pm.max_children = 2
pm.status_path = /status
ping.path = /ping
catch_workers_output = yes
php_admin_flag[display_errors] = off
php_admin_flag[log_errors] = on
php_admin_value[fastcgi.logging] = 1
""")
fpm = subprocess.Popen(["php-fpm8.2", "-R", "-F", "-y", conf])
try:
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.05)

    def rec(t, content):
        return struct.pack(">BBHHBB", 1, t, 1, len(content), 0, 0) + content

    def length(n):
        return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)

    def call(params):
        body = b"".join(length(len(k)) + length(len(v)) + k + v
                        for k, v in ((k.encode(), v.encode()) for k, v in params.items()))
        req = rec(1, bytes([0, 1, 0, 0, 0, 0, 0, 0])) + rec(4, body) + rec(4, b"") + rec(5, b"")
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(10)
        s.connect(sock)
        s.sendall(req)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        return data

    def params(uri, script=None, query=""):
        return {"GATEWAY_INTERFACE": "CGI/1.1", "SERVER_SOFTWARE": "gateway-doctor",
                "REQUEST_METHOD": "GET", "REQUEST_URI": uri + ("?" + query if query else ""),
                "QUERY_STRING": query, "SCRIPT_NAME": uri,
                "SCRIPT_FILENAME": script or os.path.join(www, uri.lstrip("/")),
                "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "40000"}

    cases = {
        "ping": params("/ping", "/ping"),
        "status-json": params("/status", "/status", "json"),
        "status-json-full": params("/status", "/status", "json&full"),
        "status-text": params("/status", "/status"),
        "missing-script": params("/nope.php"),
    }
    for name in scripts:
        cases[name.replace(".php", "")] = params("/" + name)
    for name, p in cases.items():
        with open(os.path.join(out, f"php-fpm8.2-{name}.bin"), "wb") as f:
            f.write(call(p))
finally:
    fpm.send_signal(signal.SIGQUIT)
    fpm.wait(10)
