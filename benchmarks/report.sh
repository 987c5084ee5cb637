#!/usr/bin/env bash
# What users run, side by side, in one run: the CLI launcher's `scan --logs FILE --format json`
# (cli/target/gateway-doctor: the jar with the JVM settings of a one-shot tool; whole process, JVM start
# included, the whole catalogue bundled in the jar) on generated nginx error logs of a busy
# shared WordPress host at three match densities, beside `LC_ALL=C grep -F -c -f LITERALS` and
# `rg -F -c -f LITERALS` with the catalogue's literals (extracted from the real catalogue by
# BenchmarkSignatures), plus CPU seconds and peak RSS (/usr/bin/time -v), the heap (one run with -Xlog:gc),
# the same scan as plain `java -jar gateway-doctor.jar` (the JVM's defaults), a gzip-rotated copy of the middle
# file, start-up time (`checks` and a small `diagnose --logs`, launcher and java -jar), `diagnose --logs` on the
# big file, and the machine's load before and after. Prints a markdown table (also written to $DIR/report.md). Nothing here runs in the build or CI.
#
#   mvn -B -o -q package -pl cli,benchmarks -am -DskipTests
#   benchmarks/report.sh                          # SIZE=1g RUNS=3 DENSITIES="0.5 2 5"; CLI=launcher
#   SIZE=256m RUNS=5 benchmarks/report.sh
#
# The logs come from NginxErrorLogGenerator --dense PERCENT (40 sites, three quarters of the matches PHP
# fatals relayed through FastCGI, a third of the FastCGI lines with several PHP messages, ~352 bytes a
# line); GEN_OPTS adds generator options (--vhosts, --multi-message, --fatal-share, --line-length).
# They are cached in $DIR (default /tmp/gateway-doctor-report; SIZE x 3 files). Medians of RUNS runs,
# warm page cache. MB = 10^6 bytes.
#
# Real-server rows (REAL=1, the default): the same measurements on logs the Debian packages' nginx and PHP-FPM
# wrote themselves, made by benchmarks/real-logs.sh (40 sites on 127.0.0.1, driven by RealLogLoad; see
# benchmarks/README.md) at REAL_DENSITIES (default DENSITIES) and REAL_SIZE (default SIZE), cached in $DIR as
# real-DENSITY-SIZE-40sites-seed1.log with .counts (what was sent) and .meta (versions, duration, the check).
# Producing one 1 GiB log takes 3-8 minutes of both cores; it happens before the timed part, and the producer
# checks the CLI's hits per signature against what it sent. REAL=0 leaves these rows out.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
CLI=${CLI:-$ROOT/cli/target/gateway-doctor}
CLI_JAR=$(dirname "$CLI")/gateway-doctor.jar
DIR=${GD_REPORT_DIR:-${TMPDIR:-/tmp}/gateway-doctor-report}
SIZE=${SIZE:-1g}
RUNS=${RUNS:-3}
DENSITIES=${DENSITIES:-0.5 2 5}
GEN_OPTS=${GEN_OPTS:-}
REAL=${REAL:-1}
REAL_SIZE=${REAL_SIZE:-$SIZE}
REAL_DENSITIES=${REAL_DENSITIES:-$DENSITIES}
REAL_SITES=${REAL_SITES:-40}
REAL_SEED=${REAL_SEED:-1}
SMALL=$ROOT/checks-http/src/test/resources/fixtures/nginx/error.log
TIME=/usr/bin/time

for tool in java rg grep gzip "$TIME"; do
  command -v "$tool" >/dev/null || { echo "report.sh needs $tool (apt-get install -y time ripgrep)" >&2; exit 2; }
done
[ -f "$JAR" ] && [ -x "$CLI" ] && [ -f "$CLI_JAR" ] || { echo "build first: mvn -B -o -q package -pl cli,benchmarks -am -DskipTests" >&2; exit 2; }
# a copy of the launcher and jar elsewhere needs its own class-data archive (valid for one path only: the
# launcher leaves out one whose .id names another jar), trained as the build trains it (cli/pom.xml)
CLI_DIR=$(cd "$(dirname "$CLI")" && pwd)
FIXTURES=$ROOT/checks-http/src/test/resources/fixtures
grep -qF "$CLI_DIR/gateway-doctor.jar " "$CLI_DIR/gateway-doctor.jsa.id" 2>/dev/null \
  || GD_CDS_LOGS="$FIXTURES/nginx:$FIXTURES:$ROOT/checks-phpfpm/src/test/resources/fixtures:$ROOT/checks-wordpress/src/test/resources/fixtures" \
    GD_CDS_DUMP="$CLI_DIR/gateway-doctor.jsa" "$CLI" --version >/dev/null 2>&1 || true
mkdir -p "$DIR"
LIT=$DIR/literals.txt
java -cp "$JAR" org.gatewaydoctor.benchmarks.BenchmarkSignatures --count catalogue --literals "$LIT" >/dev/null
# signature scaling: the first 10 catalogue signatures (--only), and the catalogue plus synthetic ones to 1,000
java -cp "$JAR" org.gatewaydoctor.benchmarks.BenchmarkSignatures --count 10 --literals "$DIR/literals-10.txt" \
    --ids "$DIR/ids-10.txt" >/dev/null
java -cp "$JAR" org.gatewaydoctor.benchmarks.BenchmarkSignatures --count 1000 --literals "$DIR/literals-1000.txt" \
    --json "$DIR/synthetic-1000.json" >/dev/null

load() { cut -d' ' -f1-3 /proc/loadavg; }

# real-server logs (benchmarks/real-logs.sh), made before anything is timed and kept for the next run
real_log() { echo "$DIR/real-$1-$REAL_SIZE-${REAL_SITES}sites-seed$REAL_SEED.log"; }
PRODUCED=
if [ "$REAL" = 1 ]; then
  for d in $REAL_DENSITIES; do
    RLOG=$(real_log "$d")
    [ -s "$RLOG.counts" ] && [ -s "$RLOG" ] && continue
    echo "producing $RLOG with real nginx and PHP-FPM (benchmarks/real-logs.sh) ..." >&2
    t0=$(date +%s)
    CP=$JAR CLI=$CLI SITES=$REAL_SITES SEED=$REAL_SEED "$ROOT/benchmarks/real-logs.sh" --density "$d" \
        --size "$REAL_SIZE" --out "$RLOG"
    PRODUCED="$PRODUCED $d% in $(( $(date +%s) - t0 )) s;"
  done
fi
LOAD_BEFORE=$(load)
START=$(date -u +%H:%M:%S)

# runs "$@" with /usr/bin/time -v; prints "wall_seconds max_rss_kib exit_code cpu_seconds" (cpu: user + sys)
measure() {
  local out=$DIR/time.txt rc=0
  "$TIME" -v -o "$out" "$@" > "$DIR/stdout.txt" 2> "$DIR/stderr.txt" || rc=$?
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u + s}' "$out")
  echo "$wall $rss $rc $cpu"
}

# the largest heap size (MiB) in a -Xlog:gc file: used before a collection, and committed
heap() { grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$1" | awk -F'[M>()-]+' '{if ($1>u) u=$1; if ($3>c) c=$3} END {printf "%d / %d", u, c}'; }

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# runs a command RUNS times; sets MED_WALL, MED_RSS, MED_CPU, LAST_RC
series() {
  local walls=() rsss=() cpus=() r
  for ((i = 0; i < RUNS; i++)); do
    r=$(measure "$@")
    walls+=("$(echo "$r" | cut -d' ' -f1)")
    rsss+=("$(echo "$r" | cut -d' ' -f2)")
    LAST_RC=$(echo "$r" | cut -d' ' -f3)
    cpus+=("$(echo "$r" | cut -d' ' -f4)")
  done
  MED_WALL=$(printf '%s\n' "${walls[@]}" | median)
  MED_RSS=$(printf '%s\n' "${rsss[@]}" | median)
  MED_CPU=$(printf '%s\n' "${cpus[@]}" | median)
  ALL_WALL=$(printf '%s ' "${walls[@]}")
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.0f", b / s / 1e6}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

ROWS=()
declare -A CLI_MBPS REAL_MBPS
# times one file, appends its row: time_file LABEL LOG INPUT_PREFIX [SENT]; sets ROW_MBPS (and HITS)
time_file() {
  local label=$1 log=$2 prefix=$3 sent=${4:-} bytes lines matching r plain heap check=
  bytes=$(stat -L -c %s "$log")
  cat "$log" > /dev/null
  lines=$(wc -l < "$log")
  matching=$(LC_ALL=C grep -F -c -f "$LIT" "$log" || true)

  series "$CLI" scan --logs "$log" --format json
  [ "$LAST_RC" -le 2 ] || { echo "scan failed ($LAST_RC): $(cat "$DIR/stderr.txt")" >&2; exit 1; }
  HITS=$(grep -m1 -o '"matches" *: *[0-9]*' "$DIR/stdout.txt" | grep -o '[0-9]*$' || echo '?')
  [ -z "$sent" ] || { [ "$HITS" = "$sent" ] && check=" (= sent)" || check=" (**sent $sent: MISMATCH**)"; }
  local cli_wall=$MED_WALL cli_rss=$MED_RSS cli_all=$ALL_WALL cli_cpu=$MED_CPU
  ROW_MBPS=$(mbps "$bytes" "$cli_wall")
  series env LC_ALL=C grep -F -c -f "$LIT" "$log"
  local grep_wall=$MED_WALL grep_cpu=$MED_CPU
  series rg -F -c -f "$LIT" "$log"
  local rg_wall=$MED_WALL rg_cpu=$MED_CPU
  rm -f "$DIR/gc.log"
  GD_JAVA_OPTS="-Xlog:gc:file=$DIR/gc.log" measure "$CLI" scan --logs "$log" --format json >/dev/null
  heap=$(heap "$DIR/gc.log")
  r=$(measure java -jar "$CLI_JAR" scan --logs "$log" --format json)
  plain="$(echo "$r" | cut -d' ' -f1) / $(echo "$r" | cut -d' ' -f4) / $(mib "$(echo "$r" | cut -d' ' -f2)")"
  ROWS+=("| $label | $prefix$(awk -v b="$bytes" 'BEGIN {printf "%.2f", b / 1073741824}') GiB, $lines lines, $matching with a literal, $HITS hits$check \
| **$cli_wall** ($cli_all) | **$ROW_MBPS** | $(mib "$cli_rss") | $heap | $plain \
| $grep_wall ($(mbps "$bytes" "$grep_wall")) | $rg_wall ($(mbps "$bytes" "$rg_wall")) \
| $(ratio "$grep_wall" "$cli_wall")x | $(ratio "$rg_wall" "$cli_wall")x \
| $cli_cpu / $grep_cpu / $rg_cpu | $(ratio "$grep_cpu" "$cli_cpu")x / $(ratio "$rg_cpu" "$cli_cpu")x |")
  FILE_BYTES=$bytes FILE_WALL=$cli_wall
}

set -- $DENSITIES
MID=${2:-$1}
for d in $DENSITIES; do
  LOG=$DIR/dense-$d-$SIZE${GEN_OPTS:+-$(echo "$GEN_OPTS" | tr -c 'a-z0-9.\n' '_')}.log
  # shellcheck disable=SC2086
  [ -s "$LOG" ] || java -cp "$JAR" org.gatewaydoctor.benchmarks.NginxErrorLogGenerator --bytes "$SIZE" --dense "$d" \
      $GEN_OPTS --out "$LOG" >&2
  time_file "$d%" "$LOG" "generated: "
  CLI_MBPS[$d]=$ROW_MBPS
  LAST_LOG=$LOG LAST_BYTES=$FILE_BYTES
  [ "$d" = "$MID" ] && MID_LOG=$LOG MID_BYTES=$FILE_BYTES MID_CATALOGUE=$FILE_WALL
done
if [ "$REAL" = 1 ]; then
  for d in $REAL_DENSITIES; do
    RLOG=$(real_log "$d")
    SENT=$(grep '^matches=' "$RLOG.counts" | cut -d= -f2)
    RECORDS=$(grep '^requests=' "$RLOG.counts" | cut -d= -f2)
    time_file "$d% real" "$RLOG" "**real nginx + PHP-FPM** ($RECORDS records): " "$SENT"
    REAL_MBPS[$d]=$ROW_MBPS
  done
fi

# signature scaling on the middle density's file
series "$CLI" scan --logs "$MID_LOG" --format json --only "$(cat "$DIR/ids-10.txt")"
SIG10=$MED_WALL
series "$CLI" scan --logs "$MID_LOG" --format json --signatures "$DIR/synthetic-1000.json"
SIG1000=$MED_WALL

# a gzip-rotated copy of the middle file (error.log.2.gz), streamed
GZ=$MID_LOG.gz
[ -s "$GZ" ] || gzip -1 -c "$MID_LOG" > "$GZ"
GZ_BYTES=$(stat -L -c %s "$GZ")
series "$CLI" scan --logs "$GZ" --format json
GZ_WALL=$MED_WALL GZ_RSS=$MED_RSS GZ_CPU=$MED_CPU
rm -f "$DIR/gc.log"
GD_JAVA_OPTS="-Xlog:gc:file=$DIR/gc.log" measure "$CLI" scan --logs "$GZ" --format json >/dev/null
GZ_HEAP=$(heap "$DIR/gc.log")
series sh -c "zcat '$GZ' | LC_ALL=C grep -F -c -f '$LIT'"
GZ_GREP_WALL=$MED_WALL GZ_GREP_CPU=$MED_CPU
series rg -z -F -c -f "$LIT" "$GZ"
GZ_RG_WALL=$MED_WALL GZ_RG_CPU=$MED_CPU

# start-up and diagnose
RUNS_SAVED=$RUNS
RUNS=$((RUNS_SAVED * 2 + 1))
series "$CLI" checks
CHECKS_WALL=$MED_WALL CHECKS_RSS=$MED_RSS CHECKS_CPU=$MED_CPU
series "$CLI" diagnose --logs "$SMALL"
SMALL_WALL=$MED_WALL SMALL_RSS=$MED_RSS SMALL_CPU=$MED_CPU
series java -jar "$CLI_JAR" checks
JAR_CHECKS=$MED_WALL JAR_CHECKS_RSS=$MED_RSS JAR_CHECKS_CPU=$MED_CPU
series java -jar "$CLI_JAR" diagnose --logs "$SMALL"
JAR_SMALL=$MED_WALL JAR_SMALL_RSS=$MED_RSS JAR_SMALL_CPU=$MED_CPU
RUNS=$RUNS_SAVED
series "$CLI" diagnose --logs "$LAST_LOG"
DIAG_WALL=$MED_WALL DIAG_RSS=$MED_RSS DIAG_CPU=$MED_CPU
LOAD_AFTER=$(load)

{
  echo "gateway-doctor report: $(date -u +%Y-%m-%d) $START-$(date -u +%H:%M:%S) UTC, $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "load average before: $LOAD_BEFORE; after: $LOAD_AFTER; $RUNS runs each, medians; $(wc -l < "$LIT") catalogue literals"
  echo "core: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  if [ "$REAL" = 1 ]; then
    echo "real-server rows: logs written by $(grep -h '^nginx=' "$(real_log "${REAL_DENSITIES%% *}").meta" | sed 's/=/ /') and PHP-FPM $(grep -h '^php-fpm=' "$(real_log "${REAL_DENSITIES%% *}").meta" | cut -d= -f2) of this machine's packages (benchmarks/real-logs.sh, $REAL_SITES sites, seed $REAL_SEED)${PRODUCED:+; produced in this run:$PRODUCED}"
  fi
  echo
  echo "| density | input | \`gateway-doctor scan --format json\` s (runs) | MB/s | peak RSS MiB | heap MiB used / committed | plain \`java -jar\`: s / CPU-s / RSS MiB | \`LC_ALL=C grep -F -c -f\` s (MB/s) | \`rg -F -c -f\` s (MB/s) | vs grep | vs rg | CPU-s (user+sys) CLI / grep / rg | CPU vs grep / rg |"
  echo "|---:|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| signatures searched ($MID% file, \`scan --format json\`) | median s | MB/s |"
  echo "|---|---:|---:|"
  echo "| 10 (\`--only\` the first 10 of the catalogue) | $SIG10 | $(mbps "$MID_BYTES" "$SIG10") |"
  echo "| the whole catalogue ($(wc -l < "$LIT") literals) | $MID_CATALOGUE | $(mbps "$MID_BYTES" "$MID_CATALOGUE") |"
  echo "| 1,000 (catalogue + synthetic, \`--signatures\`) | $SIG1000 | $(mbps "$MID_BYTES" "$SIG1000") |"
  echo
  echo "10 -> 1,000 signatures: $(ratio "$SIG1000" "$SIG10")x the time"
  echo
  echo "| gzip-rotated: the $MID% file gzipped ($GZ_BYTES bytes, $(awk -v b="$MID_BYTES" -v s="$GZ_WALL" 'BEGIN {printf "%.0f", b / s / 1e6}') MB/s of log) | median s | CPU-s | peak RSS MiB | heap MiB used / committed |"
  echo "|---|---:|---:|---:|---|"
  echo "| \`gateway-doctor scan --format json\` | $GZ_WALL | $GZ_CPU | $(mib "$GZ_RSS") | $GZ_HEAP |"
  echo "| \`zcat \| LC_ALL=C grep -F -c -f\` | $GZ_GREP_WALL | $GZ_GREP_CPU | | |"
  echo "| \`rg -z -F -c -f\` | $GZ_RG_WALL | $GZ_RG_CPU | | |"
  echo
  echo "| start-up and diagnose (whole process) | median s | peak RSS MiB | CPU-s |"
  echo "|---|---:|---:|---:|"
  echo "| \`gateway-doctor checks\` | $CHECKS_WALL | $(mib "$CHECKS_RSS") | $CHECKS_CPU |"
  echo "| \`gateway-doctor diagnose --logs\` $(basename "$SMALL") ($(stat -L -c %s "$SMALL") bytes) | $SMALL_WALL | $(mib "$SMALL_RSS") | $SMALL_CPU |"
  echo "| \`java -jar gateway-doctor.jar checks\` | $JAR_CHECKS | $(mib "$JAR_CHECKS_RSS") | $JAR_CHECKS_CPU |"
  echo "| \`java -jar gateway-doctor.jar diagnose --logs\` $(basename "$SMALL") | $JAR_SMALL | $(mib "$JAR_SMALL_RSS") | $JAR_SMALL_CPU |"
  echo "| \`gateway-doctor diagnose --logs\` the last file above ($LAST_BYTES bytes) | $DIAG_WALL | $(mib "$DIAG_RSS") | $DIAG_CPU |"
  echo
  set -- $DENSITIES
  first=$1
  last=${!#}
  echo "density $first% -> $last%: $(ratio "${CLI_MBPS[$first]}" "${CLI_MBPS[$last]}")x slower (ratios > 1 in the table: the CLI is faster than that tool)"
  if [ "$REAL" = 1 ]; then
    set -- $REAL_DENSITIES
    echo "real-server logs, density $1% -> ${!#}%: $(ratio "${REAL_MBPS[$1]}" "${REAL_MBPS[${!#}]}")x slower"
  fi
} | tee "$DIR/report.md"
