#!/usr/bin/env python3
"""Captures the raw bytes real nginx and HAProxy answer, for the HTTP answer fuzz test's seeds.

Usage: capture/http.py OUTDIR   (needs nginx, haproxy, php-fpm8.2; binds 127.0.0.1:18180-18189 and unix
sockets in a temp dir only). Sends the request HttpProber sends (GET, Host, User-Agent, Accept,
Accept-Encoding: identity, Connection: close), writes every byte read until the server closes to
OUTDIR/<case>.bin, then stops every server by its PID.
"""
import os, signal, socket, subprocess, sys, tempfile, time

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="gd-http-")
os.chmod(tmp, 0o755)
www = os.path.join(tmp, "www"); os.mkdir(www); os.chmod(www, 0o755)
with open(os.path.join(www, "index.html"), "w") as f:
    f.write("<html><body>gateway-doctor capture</body></html>\n")
with open(os.path.join(www, "chunked.php"), "w") as f:
    f.write("<?php for ($i = 0; $i < 5; $i++) { echo str_repeat('x', 100 * $i), \"\\n\"; flush(); }")
with open(os.path.join(www, "slow.php"), "w") as f:
    f.write("<?php sleep(3); echo 'late';")
for name in os.listdir(www):
    os.chmod(os.path.join(www, name), 0o644)
for d in ("logs", "tmp"):
    os.mkdir(os.path.join(tmp, d))
fpm_sock = os.path.join(tmp, "fpm.sock")
with open(os.path.join(tmp, "php-fpm.conf"), "w") as f:
    f.write(f"""[global]
pid = {tmp}/fpm.pid
error_log = {tmp}/logs/fpm.log
daemonize = no
[www]
user = nobody
group = nogroup
listen = {fpm_sock}
listen.mode = 0666
pm = static
pm.max_children = 2
""")
with open(os.path.join(tmp, "nginx.conf"), "w") as f:
    f.write(f"""worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log info;
events {{ worker_connections 64; }}
http {{
  client_body_temp_path {tmp}/tmp/body; proxy_temp_path {tmp}/tmp/proxy; fastcgi_temp_path {tmp}/tmp/fcgi;
  uwsgi_temp_path {tmp}/tmp/uwsgi; scgi_temp_path {tmp}/tmp/scgi;
  access_log {tmp}/logs/access.log;
  server {{
    listen 127.0.0.1:18180;
    root {www};
    location /refused {{ proxy_pass http://127.0.0.1:18189; }}
    location /missing-socket {{ include /etc/nginx/fastcgi_params; fastcgi_pass unix:{tmp}/none.sock; }}
    location /redirect {{ return 301 /index.html; }}
    location ~ \\.php$ {{ include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name; fastcgi_pass unix:{fpm_sock};
      fastcgi_read_timeout 1s; }}
  }}
}}
""")
with open(os.path.join(tmp, "haproxy.cfg"), "w") as f:
    f.write(f"""global
  pidfile {tmp}/haproxy.pid
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 1s
frontend fe
  bind 127.0.0.1:18181
  use_backend be_none if {{ path_beg /none }}
  use_backend be_refused if {{ path_beg /refused }}
  default_backend be_nginx
backend be_none
backend be_refused
  server app1 127.0.0.1:18189
backend be_nginx
  server nginx1 127.0.0.1:18180
""")
procs = [subprocess.Popen(["php-fpm8.2", "-R", "-F", "-y", os.path.join(tmp, "php-fpm.conf")]),
         subprocess.Popen(["nginx", "-p", tmp, "-c", os.path.join(tmp, "nginx.conf"), "-g", "daemon off;"]),
         subprocess.Popen(["haproxy", "-db", "-f", os.path.join(tmp, "haproxy.cfg")])]
try:
    time.sleep(1.5)

    def get(port, path):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: gateway-doctor/capture\r\n"
                   "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Encoding: identity\r\n"
                   "Connection: close\r\n\r\n").encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        return data

    cases = {
        "nginx1.22-200-static": (18180, "/index.html"),
        "nginx1.22-404": (18180, "/nope"),
        "nginx1.22-301": (18180, "/redirect"),
        "nginx1.22-502-refused": (18180, "/refused"),
        "nginx1.22-502-missing-socket": (18180, "/missing-socket"),
        "nginx1.22-200-chunked-php": (18180, "/chunked.php"),
        "nginx1.22-504-php-timeout": (18180, "/slow.php"),
        "haproxy2.6-503-no-server": (18181, "/none"),
        "haproxy2.6-503-refused": (18181, "/refused"),
        "haproxy2.6-200-via-nginx": (18181, "/index.html"),
    }
    for name, (port, path) in cases.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(get(port, path))
finally:
    for p in procs:
        p.send_signal(signal.SIGQUIT if p.args[0] != "haproxy" else signal.SIGUSR1)
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
