#!/usr/bin/env bash
# The conflict-of-interest benchmark (issue 6): builds bench_conflicts (release, under the
# shared build lock) and runs it on a fresh SQLite file per size: PEOPLE network
# researchers, each of SIZES proposals, REVIEWERS reviewers, RUNS runs (medians; the first
# run reads every team member's network record, the later ones find them cached). It
# prints one JSON line per size with asta's times and the baseline (reading the call's
# submitted proposals) and their ratios (bench_conflicts.cc says what is measured).
# Usage: [PEOPLE=100000] [SIZES="300 1000"] [REVIEWERS=40] [RUNS=3] bench/review/conflicts/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PEOPLE=${PEOPLE:-100000}
SIZES=${SIZES:-300 1000}
REVIEWERS=${REVIEWERS:-40}
RUNS=${RUNS:-3}
cd "$ROOT"
if [ ! -f build/CMakeCache.txt ]; then flock /tmp/asta-build.lock cmake --preset release >/dev/null; fi
flock /tmp/asta-build.lock cmake --build --preset release -j2 --target bench_conflicts >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for n in $SIZES; do
  rm -rf "$TMP/db" && mkdir "$TMP/db"
  build/bench/review/conflicts/bench_conflicts --dir "$TMP/db" --people "$PEOPLE" --proposals "$n" \
    --reviewers "$REVIEWERS" --runs "$RUNS" --pairs 20
done
