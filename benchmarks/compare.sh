#!/usr/bin/env bash
# Whole-process comparison on a generated 1 GiB nginx error log, warm page cache:
#   cat and dd (read bandwidth ceilings: coreutils' cat may hand /dev/null output to the kernel without
#   copying, dd bs=1M reads every byte into a buffer), GNU grep -F -c -f, ripgrep -F -c -f, and gateway-doctor
#   (JVM start included) with the same literals, timed with hyperfine; prints a table with ratios.
#
#   apt-get install -y hyperfine ripgrep jq
#   cd /work/main && mvn -B -o -q install -pl core -DskipTests && mvn -B -o -q package -pl benchmarks -DskipTests
#   benchmarks/compare.sh                    # SIZE=1g SIGNATURES=catalogue (all of it) RUNS=5 by default
#   SIGNATURES=1000 RUNS=3 benchmarks/compare.sh
#
# gateway-doctor runs as org.gatewaydoctor.benchmarks.ScanMain from the benchmarks jar (LogScanner with
# the benchmark signature set whose literals grep and rg get), with 1 thread and with 2, and, when the
# CLI is built and has its scan command, as `java -jar cli/target/gateway-doctor.jar scan --logs FILE
# --format json` (all cores, the catalogue bundled in the CLI jar, JSON of every count, sample and
# histogram; its exit code 2 means "a signature implying a 5xx matched", which is expected here).
#
# grep's and rg's output goes to a file: GNU grep stops at the first match when its output is
# /dev/null (where hyperfine sends it), so it would not count. grep and rg count lines that contain a
# literal; gateway-doctor also classifies each such line, runs the signatures' patterns and extracts
# fields.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/benchmarks/target/benchmarks.jar
CLI=$ROOT/cli/target/gateway-doctor.jar
DIR=${GD_COMPARE_DIR:-${TMPDIR:-/tmp}/gateway-doctor-compare}
SIZE=${SIZE:-1g}
SIGNATURES=${SIGNATURES:-catalogue}
RUNS=${RUNS:-5}

for tool in hyperfine rg jq java; do
  command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (apt-get install -y hyperfine ripgrep jq)" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "build first: mvn -B -o -q package -pl benchmarks -DskipTests" >&2; exit 2; }

mkdir -p "$DIR"
LOG=$DIR/nginx-error-$SIZE.log
LIT=$DIR/literals-$SIGNATURES.txt
OUT=$DIR/out.txt
[ -s "$LOG" ] || java -cp "$JAR" org.gatewaydoctor.benchmarks.NginxErrorLogGenerator --bytes "$SIZE" --out "$LOG"
java -cp "$JAR" org.gatewaydoctor.benchmarks.BenchmarkSignatures --count "$SIGNATURES" --literals "$LIT"
BYTES=$(stat -c %s "$LOG")
cat "$LOG" > /dev/null

GD1="java -cp $JAR org.gatewaydoctor.benchmarks.ScanMain --parallelism 1 --signatures $SIGNATURES $LOG"
GD2="java -cp $JAR org.gatewaydoctor.benchmarks.ScanMain --parallelism 2 --signatures $SIGNATURES $LOG"
CLI_ARGS=()
if [ -f "$CLI" ] && java -jar "$CLI" scan --help >/dev/null 2>&1; then
  CLI_ARGS=(-n "gateway-doctor scan (cli)" "java -jar $CLI scan --logs $LOG --format json > $OUT; test \$? -le 2")
fi

echo "machine: $(nproc) cores; $(uptime)"
echo "input: $LOG ($BYTES bytes), $(wc -l < "$LIT") literals from $SIGNATURES signatures"
echo "counts (one run each): grep -F -c: $(grep -F -c -f "$LIT" "$LOG"), rg -F -c: $(rg -F -c -f "$LIT" "$LOG"),"\
  "gateway-doctor hits: $($GD1 | jq '[.signatures[].count] | add')"

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$DIR/hyperfine.json" \
  -n "cat" "cat $LOG > /dev/null" \
  -n "dd bs=1M" "dd if=$LOG of=/dev/null bs=1M status=none" \
  -n "grep -F" "grep -F -c -f $LIT $LOG > $OUT" \
  -n "grep -F (LC_ALL=C)" "LC_ALL=C grep -F -c -f $LIT $LOG > $OUT" \
  -n "rg -F" "rg -F -c -f $LIT $LOG > $OUT" \
  -n "gateway-doctor p=1 (ScanMain)" "$GD1 > $OUT" \
  -n "gateway-doctor p=2 (ScanMain)" "$GD2 > $OUT" \
  "${CLI_ARGS[@]}"

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
jq -r --argjson bytes "$BYTES" '
  def fmt(x): (x * 1000 | round) / 1000;
  (.results | map(select(.command | startswith("gateway-doctor"))) | map(.median)) as $gd
  | ["command", "median s", "min s", "max s", "MB/s", "gd p=1 faster by", "gd p=2 faster by"],
    (.results[] | [.command, fmt(.median), fmt(.min), fmt(.max), (($bytes / .median / 1e6) | round),
      ((.median / $gd[0]) * 100 | round / 100 | tostring + "x"),
      ((.median / $gd[1]) * 100 | round / 100 | tostring + "x")])
  | @tsv' "$DIR/hyperfine.json" | column -t -s $'\t'
echo "(ratios > 1: gateway-doctor is faster than that command; results in $DIR/hyperfine.json)"
