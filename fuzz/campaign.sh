#!/usr/bin/env bash
# A longer fuzzing campaign than the build's: ROUNDS consecutive fuzzing sessions of TARGET (a *FuzzTest
# class name, or a pattern such as '*ConfigFuzzTest'), each of @FuzzTest(maxDuration) = Budget.PER_TARGET.
# Every session starts from the corpus the previous ones grew (fuzz/.cifuzz-corpus/), so ROUNDS sessions
# fuzz about as far as one session ROUNDS times as long. A finding is written into the target's Inputs
# directory under src/test/resources (kept as a regression input) and reported in that round's log
# ("Test unit written", "FuzzTestFinding", printed below the round's statistics); it does not end the campaign
# (the fuzzing run ignores findings unless -Dfuzz.ignoreFindings=false), the next round goes on from the corpus.
# Only a build failure (compilation) ends it; the regression run is left out (-Dfuzz.only=true).
#
#   fuzz/campaign.sh HttpAnswerFuzzTest 12      # about 5 minutes of fuzzing
#   fuzz/campaign.sh '*FuzzTest' 4              # every target, 4 sessions each
#
# Prints libFuzzer's closing statistics of each session (executions, exec/s, coverage) to stdout and
# keeps the full output in fuzz/target/campaign-<round>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/campaign.sh TARGET ROUNDS}
rounds=${2:-4}
mkdir -p fuzz/target
for round in $(seq 1 "$rounds"); do
  log=fuzz/target/campaign-$round.log
  if ! mvn -B -o -pl fuzz -am test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.only=true > "$log" 2>&1; then
    grep -E "Running org|DONE|Done [0-9]+ runs|Test unit written|FuzzTestFinding" "$log" || true
    echo "round $round: a finding or a build failure; see $log" >&2
    exit 1
  fi
  echo "== round $round"
  grep -E "Running org|DONE|Done [0-9]+ runs|Test unit written|FuzzTestFinding" "$log" || true
done
