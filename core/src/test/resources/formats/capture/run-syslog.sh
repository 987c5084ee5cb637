set -e
mount --make-rprivate /
mount --bind /dev /tmp/gd-cap/olddev
mount -t tmpfs tmpfs /dev
for d in null zero urandom random; do touch /dev/$d; mount --bind /tmp/gd-cap/olddev/$d /dev/$d; done
ln -s /tmp/gd-cap/rsyslog/log.sock /dev/log
php-fpm8.2 -R -y /tmp/gd-cap/fpm/fpm-syslog.conf -F &
P=$!; echo $P > /tmp/gd-cap/fpm/syslog-run.pid
sleep 1.5
kill -USR2 $P   # graceful reload: logs reloading lines
sleep 1.5
kill -QUIT $P
wait $P || true
