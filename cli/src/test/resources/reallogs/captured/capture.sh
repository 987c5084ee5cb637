#!/bin/sh
# Repeats the captures of this directory (see README.md). Needs root, Debian 12's nginx, php8.2-fpm, curl,
# podman, runc, docker.io and docker-compose. Not run by the build: it needs container namespaces.
# Every container runs with --network none; only loopback inside the containers is used.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
mkdir -p "$work/run" "$work/www" && chmod 777 "$work/run"
printf '<?php echo "ok\\n";\n' > "$work/www/index.php"
printf '<?php sleep(6); echo "done\\n";\n' > "$work/www/slow.php"

# 1. podman, k8s-file driver (CRI lines). This sandbox needed runc, cgroupfs and ulimits within the hard limits.
P="podman --runtime runc --cgroup-manager cgroupfs"
C="--network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --log-driver k8s-file"
V="-v $work/run:/run/gd -v $work/www:/srv/www:ro"
$P run -d --name web $C --log-opt path="$work/web.log" $V -v "$here/nginx.conf:/etc/gd-nginx.conf:ro" \
    --rootfs /:O /usr/sbin/nginx -c /etc/gd-nginx.conf -g 'daemon off;'
sleep 2
$P exec web curl -s -o /dev/null http://127.0.0.1:8080/index.php          # no PHP-FPM yet: 502
$P run -d --name php $C --log-opt path="$work/php.log" $V -v "$here/php-fpm.conf:/etc/gd-fpm.conf:ro" \
    --rootfs /:O /usr/sbin/php-fpm8.2 -F -R -y /etc/gd-fpm.conf
sleep 3
$P exec web curl -s -o /dev/null http://127.0.0.1:8080/index.php          # 200
$P exec web curl -s -o /dev/null http://127.0.0.1:8080/slow.php &         # killed at the timeout: 502
$P exec web curl -s -o /dev/null http://127.0.0.1:8080/slow.php; wait
$P rm -f web php
echo "podman: $work/web.log $work/php.log"

# 2. dockerd with its own socket and data root, no bridge; an image of the host's binaries and their libraries
root="$work/rootfs"
for b in /usr/sbin/nginx /usr/sbin/php-fpm8.2 /usr/bin/curl /bin/sh /bin/sleep; do
    for f in $b $(ldd $b | grep -o '/[^ ]*'); do mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"; done
done
mkdir -p "$root/etc/nginx" "$root/tmp" "$root/run/gd" "$root/srv/www" "$root/lib/x86_64-linux-gnu"
cp /etc/nginx/fastcgi_params "$root/etc/nginx/"; cp "$here/nginx.conf" "$root/etc/nginx/nginx.conf"
cp "$here/php-fpm.conf" "$root/etc/gd-fpm.conf"; cp "$work"/www/*.php "$root/srv/www/"
cp -L /lib/x86_64-linux-gnu/libnss_files.so.2 "$root/lib/x86_64-linux-gnu/"
grep -E '^(root|www-data)' /etc/passwd > "$root/etc/passwd"; grep -E '^(root|www-data)' /etc/group > "$root/etc/group"
printf 'passwd: files\ngroup: files\n' > "$root/etc/nsswitch.conf"
dockerd --data-root "$work/docker" --exec-root "$work/exec" -H "unix://$work/docker.sock" --pidfile "$work/d.pid" \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false > "$work/dockerd.log" 2>&1 &
sleep 8
export DOCKER_HOST="unix://$work/docker.sock"
tar -C "$root" -cf "$work/rootfs.tar" . && docker import "$work/rootfs.tar" gd-stack:local
mkdir -p "$work/empty"
docker run -d --name shop-web --network none --ulimit nofile=1024:1024 --log-driver json-file \
    -v "$work/empty:/run/gd" gd-stack:local /usr/sbin/nginx -g 'daemon off;'
sleep 2
docker exec shop-web /usr/bin/curl -s -o /dev/null http://127.0.0.1:8080/index.php
docker exec shop-web /usr/bin/curl -s -o /dev/null http://127.0.0.1:8080/wp-login.php
cp "$(docker inspect --format '{{.LogPath}}' shop-web)" "$work/docker-json-file-web.log"
docker rm -f shop-web

# 3. docker-compose v1: services web and php sharing the socket directory
mkdir -p /tmp/gdcompose/sock && chmod 777 /tmp/gdcompose/sock
cd "$here" && docker-compose -p shop up -d && sleep 3
docker exec shop_web_1 /usr/bin/curl -s -o /dev/null http://127.0.0.1:8080/index.php
docker exec shop_web_1 /usr/bin/curl -s -o /dev/null http://127.0.0.1:8080/slow.php
docker-compose -p shop stop php
docker exec shop_web_1 /usr/bin/curl -s -o /dev/null http://127.0.0.1:8080/index.php
docker-compose -p shop logs > "$work/docker-compose-v1-colour.txt"
script -qc "docker-compose -p shop logs" /dev/null > "$work/docker-compose-v1-terminal-crlf.txt"
docker-compose -p shop down
kill "$(cat "$work/d.pid")"
echo "captured in $work"
