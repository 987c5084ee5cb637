#!/usr/bin/env bash
# Makes REAL servers write a large nginx error log of a busy shared WordPress host, for benchmarks/report.sh.
#
# Starts the Debian packages' nginx (/usr/sbin/nginx) and PHP-FPM 8.2 (/usr/sbin/php-fpm8.2) with their own
# configuration, pid, socket and log paths in a fresh work directory (templates in benchmarks/real-logs/;
# nothing under /etc is read or written), nginx on 127.0.0.1:<free port> only, PHP-FPM on unix sockets only,
# SITES virtual hosts (site01.example ..., selected by the Host header). Then RealLogLoad (benchmarks.jar)
# sends pipelined HTTP/1.1 requests to 127.0.0.1 until nginx's error log reaches SIZE; every request makes
# nginx write exactly one error-log record: (100 - DENSITY)% lines no catalogue signature matches (missing files,
# "access forbidden by rule", forbidden directory indexes, scanners' probes "Primary script unknown", PHP
# warnings relayed on FastCGI stderr) and DENSITY% catalogue matches (PHP fatal errors with their stack traces,
# memory exhaustion, parse errors relayed on FastCGI stderr -- three quarters of the matches, a third of them
# with 2-4 "PHP message:" parts --, connect() refused by a dead TCP upstream, connect() to a missing unix
# socket, upstream timed out, a PHP-FPM worker killed mid-request). The log is written by nginx alone; this
# script only stops the servers, checks it (RealLogCheck: every line is an nginx record or a PHP stack-trace
# line, one record per request) and renames it to OUT. With CLI set (default: cli/target/gateway-doctor if
# built), it also runs `CLI scan --logs OUT --format json` and requires every signature's count to equal
# what was sent (OUT.counts: expect.<signature>=N) and no other signature to match.
#
#   benchmarks/real-logs.sh --density 2 --size 1g --out /tmp/gateway-doctor-report/real-2-1g.log
#   SITES=40 CONNECTIONS=32 SEED=1 benchmarks/real-logs.sh --density 0.5 --size 256m --out FILE
#
# Writes OUT (the log), OUT.counts (requests by kind, expected hits per signature, HTTP statuses) and
# OUT.meta (versions, parameters, duration, requests/s, the check's summary); OUT.counts is written last, so
# a log without it is incomplete. Options (or the environment): --density PERCENT (DENSITY, default 2),
# --size SIZE (SIZE, default 1g; the log ends at the first chunk of requests past it), --out FILE (OUT),
# SITES (40), CONNECTIONS (32), SEED (1), CHUNK (20000 requests), WORKERS (nginx worker_processes, 1),
# CP (class path of RealLogLoad; default benchmarks/target/benchmarks.jar), CLI ('' to skip the scan check),
# KEEP_WORK=1 (keep the work directory). Needs nginx and php8.2-fpm; as root, workers run as www-data.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$ROOT/benchmarks/real-logs
DENSITY=${DENSITY:-2}
SIZE=${SIZE:-1g}
OUT=${OUT:-}
SITES=${SITES:-40}
CONNECTIONS=${CONNECTIONS:-32}
SEED=${SEED:-1}
CHUNK=${CHUNK:-20000}
WORKERS=${WORKERS:-1}
CP=${CP:-$ROOT/benchmarks/target/benchmarks.jar}
CLI=${CLI-$ROOT/cli/target/gateway-doctor}
NGINX=/usr/sbin/nginx
FPM=/usr/sbin/php-fpm8.2

while [ $# -gt 0 ]; do
  case $1 in
    --density) DENSITY=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: real-logs.sh --density PERCENT --size SIZE --out FILE (see the comment at the top)" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || { echo "real-logs.sh: --out FILE is required" >&2; exit 2; }
[ "$SITES" -ge 20 ] || { echo "real-logs.sh: SITES must be >= 20 (sites 7 and 13 are the dead upstreams)" >&2; exit 2; }
for tool in "$NGINX" "$FPM" java; do
  command -v "$tool" >/dev/null || { echo "real-logs.sh needs $tool (apt-get install -y nginx php8.2-fpm)" >&2; exit 2; }
done
[ -f "${CP%%:*}" ] || [ -d "${CP%%:*}" ] || { echo "build first: mvn -B -o -q package -pl cli,benchmarks -am -DskipTests" >&2; exit 2; }

# true when something accepts connections on 127.0.0.1:$1
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# a TCP port on 127.0.0.1 nobody listens on (for nginx, and for the dead upstream)
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    listening "$p" || { echo "$p"; return; }
  done
}

# the work directory must be traversable by the servers' workers (www-data): not under a private temp dir
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gd-real-logs.XXXXXX")
chmod 755 "$WORK"
LOG=$WORK/logs/error.log
PORT=$(free_port)
DEADPORT=$(free_port)
while [ "$DEADPORT" = "$PORT" ]; do DEADPORT=$(free_port); done
NGINX_PID= FPM_PID=
stop() {
  # graceful stops (SIGQUIT) of the two servers this script started, by their process ids
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  [ -n "$FPM_PID" ] && kill -QUIT "$FPM_PID" 2>/dev/null && wait "$FPM_PID" 2>/dev/null || true
  NGINX_PID= FPM_PID=
}
cleanup() {
  stop
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the shared host: SITES sites, each with two plugins and a theme (their PHP files from the templates)
PLUGINS=(contact-form-7 woocommerce elementor wordfence wordpress-seo wpforms-lite jetpack akismet litespeed-cache
  really-simple-ssl wp-mail-smtp updraftplus all-in-one-seo-pack wp-super-cache redirection classic-editor)
THEMES=(astra generatepress oceanwp kadence hello-elementor twentytwentyfour neve storefront)
mkdir -p "$WORK"/{run,logs,nginx/tmp,nginx/sites,www}
# bash substitutions only (no process per file: 40 sites x 20 files, and a fork costs much on a busy machine)
fill() { # fill TEMPLATE_TEXT KEY VALUE [KEY VALUE ...]: the text with every @KEY@ replaced
  local t=$1; shift
  while [ $# -gt 1 ]; do t=${t//@$1@/$2}; shift 2; done
  printf '%s\n' "$t"
}
INDEX=$(<"$T/site/index.php") XMLRPC=$(<"$T/site/xmlrpc.php") AJAX=$(<"$T/site/wp-admin/admin-ajax.php")
SITE_CONF=$(<"$T/site.conf")
CODE_FILES=("$T"/site/code/includes/*.php)
CODE=()
for f in "${CODE_FILES[@]}"; do CODE+=("$(<"$f")"); done
DIRS=()
for ((n = 1; n <= SITES; n++)); do
  printf -v site 'site%02d.example' "$n"
  p0=${PLUGINS[$(( (n * 7) % ${#PLUGINS[@]} ))]}
  p1=${PLUGINS[$(( (n * 11 + 3) % ${#PLUGINS[@]} ))]}
  th=${THEMES[$(( n % ${#THEMES[@]} ))]}
  DIRS+=("$WORK/www/$site/wp-content/uploads/2026/11" "$WORK/www/$site/wp-admin"
    "$WORK/www/$site/wp-content/plugins/$p0/includes" "$WORK/www/$site/wp-content/plugins/$p1/includes"
    "$WORK/www/$site/wp-content/themes/$th/includes")
done
mkdir -p "${DIRS[@]}"
for ((n = 1; n <= SITES; n++)); do
  printf -v site 'site%02d.example' "$n"
  p0=${PLUGINS[$(( (n * 7) % ${#PLUGINS[@]} ))]}
  p1=${PLUGINS[$(( (n * 11 + 3) % ${#PLUGINS[@]} ))]}
  th=${THEMES[$(( n % ${#THEMES[@]} ))]}
  root=$WORK/www/$site
  fill "$INDEX" PLUGIN0 "$p0" PLUGIN1 "$p1" THEME "$th" > "$root/index.php"
  fill "$XMLRPC" > "$root/xmlrpc.php"
  fill "$AJAX" > "$root/wp-admin/admin-ajax.php"
  for code in "plugins/$p0" "plugins/$p1" "themes/$th"; do
    name=${code#*/}
    for i in "${!CODE_FILES[@]}"; do
      fill "${CODE[$i]}" NAME "$name" FUNC "${name//-/_}" > "$root/wp-content/$code/includes/${CODE_FILES[$i]##*/}"
    done
  done
  # two sites in twenty have a dead PHP upstream: a TCP port nobody listens on, a unix socket that is gone
  case $((n % 20)) in
    7) php="127.0.0.1:$DEADPORT" ;;
    13) php="unix:$WORK/run/php-legacy.sock" ;;
    *) php="unix:$WORK/run/www.sock" ;;
  esac
  fill "$SITE_CONF" N "$n" SITE "$site" PHP "$php" WORK "$WORK" PORT "$PORT" > "$WORK/nginx/sites/$site.conf"
done
cp "$T/fastcgi.conf" "$WORK/nginx/"
user= pooluser=
if [ "$(id -u)" = 0 ]; then user="user www-data;"; pooluser="user = www-data"; fi
fill "$(<"$T/nginx.conf")" USER "$user" WORKERS "$WORKERS" SITES "$SITES" WORK "$WORK" LOG "$LOG" PORT "$PORT" \
    > "$WORK/nginx/nginx.conf"
fill "$(<"$T/php-fpm.conf")" POOLUSER "$pooluser" CHILDREN "${CHILDREN:-6}" SLOW_CHILDREN "${SLOW_CHILDREN:-48}" \
    WORK "$WORK" > "$WORK/php-fpm.conf"
chmod -R a+rX "$WORK/www"

# --- start both (foreground processes of this script), wait until they accept connections
"$FPM" -n -d extension=posix -d zend_extension=opcache -R -F -y "$WORK/php-fpm.conf" > "$WORK/logs/php-fpm.out" 2>&1 &
FPM_PID=$!
"$NGINX" -e "$WORK/logs/nginx-startup.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
    > "$WORK/logs/nginx.out" 2>&1 &
NGINX_PID=$!
for ((i = 0; i < 200; i++)); do
  [ -S "$WORK/run/www.sock" ] && [ -S "$WORK/run/slow.sock" ] && [ -S "$WORK/run/crash.sock" ] \
    && listening "$PORT" && break
  kill -0 "$NGINX_PID" 2>/dev/null && kill -0 "$FPM_PID" 2>/dev/null \
    || { echo "a server did not start:" >&2; cat "$WORK"/logs/*.out "$WORK"/logs/*.log >&2 2>/dev/null; exit 1; }
  sleep 0.1
done
[ -s "$LOG" ] && { echo "nginx wrote to its error log before any request:" >&2; cat "$LOG" >&2; exit 1; }
# nginx's worker processes (children of the master this script started): the records must carry their ids
WORKER_PIDS=$(awk -v m="$NGINX_PID" '$1 == "PPid:" && $2 == m {split(FILENAME, f, "/"); printf "%s ", f[3]}' \
    /proc/[0-9]*/status 2>/dev/null || true)
[ -n "$WORKER_PIDS" ] || { echo "no nginx worker process found" >&2; exit 1; }

echo "real-logs: nginx $($NGINX -v 2>&1 | sed 's|.*/||') on 127.0.0.1:$PORT ($SITES sites), $($FPM -v | head -1 | cut -d' ' -f1-2); $DENSITY% matches, until $SIZE" >&2
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECS0=$(date +%s)
java -cp "$CP" org.gatewaydoctor.benchmarks.RealLogLoad --port "$PORT" --density "$DENSITY" --sites "$SITES" \
    --connections "$CONNECTIONS" --chunk "$CHUNK" --seed "$SEED" --log "$LOG" --bytes "$SIZE" \
    --counts "$WORK/counts.properties"
SECS=$(( $(date +%s) - SECS0 ))
stop

# --- hand the log over (a rename, or a copy across file systems: the same bytes), then check it
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT.counts"
mv "$LOG" "$OUT"
SCAN=()
if [ -n "$CLI" ]; then
  [ -x "$CLI" ] || { echo "no CLI at $CLI (CLI= to skip the scan check)" >&2; exit 2; }
  rc=0
  "$CLI" scan --logs "$OUT" --format json > "$WORK/scan.json" 2> "$WORK/scan.err" || rc=$?
  [ "$rc" -le 2 ] || { echo "scan failed ($rc): $(cat "$WORK/scan.err")" >&2; exit 1; }
  SCAN=(--scan "$WORK/scan.json")
fi
rc=0
java -cp "$CP" org.gatewaydoctor.benchmarks.RealLogCheck --log "$OUT" --counts "$WORK/counts.properties" \
    --pids "$WORKER_PIDS" "${SCAN[@]}" > "$WORK/check.txt" || rc=$?
{
  echo "# real-logs.sh: $START, $SECS s; nginx and PHP-FPM of this machine's packages wrote $OUT"
  echo "nginx=$($NGINX -v 2>&1 | sed 's|.*/||')"
  echo "php-fpm=$($FPM -v | head -1 | cut -d' ' -f2)"
  echo "density=$DENSITY size=$SIZE sites=$SITES connections=$CONNECTIONS seed=$SEED chunk=$CHUNK workers=$WORKERS"
  echo "seconds=$SECS requests_per_second=$(awk -v n="$(grep '^requests=' "$WORK/counts.properties" | cut -d= -f2)" -v s="$SECS" 'BEGIN {printf "%.0f", n / (s > 0 ? s : 1)}')"
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$WORK/check.txt"
} > "$OUT.meta"
cat "$OUT.meta" >&2
[ "$rc" = 0 ] || { echo "real-logs.sh: the check failed (see above); $OUT has no .counts, so it is not used" >&2; exit 1; }
cp "$WORK/counts.properties" "$OUT.counts"
