#!/usr/bin/env bash
# The affinity benchmark (issue 6): 10,000 proposals x 10,000 reviewers x 20 papers of
# synthetic topical text; `asta affinity --top 200` end to end (read, score, write),
# median of RUNS runs with peak memory, beside the brute-force TF-IDF cosine baseline
# (every proposal against every reviewer's concatenated papers) timed on a sample of
# proposals and extrapolated. Usage: bench/review/affinity/run.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${1:-3}
DATA=${ASTA_AFFINITY_BENCH_DIR:-/tmp/asta-affinity-bench}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

flock /tmp/asta-build.lock cmake --build --preset release -j2 --target bench_affinity >/dev/null
flock /tmp/asta-build.lock cmake --build --preset release -j2 --target asta >/dev/null 2>&1 || true
BENCH=build/bench/review/affinity/bench_affinity
if [ ! -f "$DATA/submissions.json" ]; then "$BENCH" generate "$DATA"; fi

if build/asta affinity --help 2>/dev/null | grep -q -- --submissions; then
  RUN=(build/asta affinity --submissions "$DATA/submissions.json" --profiles "$DATA/profiles"
       --out "$OUT/scores.csv" --top 200)
else
  # The release asta could not be built (another part failed to compile): the same calls.
  echo "note: build/asta has no affinity command; timing bench_affinity run (the same calls)"
  RUN=("$BENCH" run "$DATA" --top 200 --out "$OUT/scores.csv")
fi
echo "command: ${RUN[*]}"
times=() rss=()
for i in $(seq "$RUNS"); do
  /usr/bin/time -v "${RUN[@]}" 2>"$OUT/time.txt" >/dev/null
  t=$(awk -F': ' '/Elapsed/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$OUT/time.txt")
  m=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$OUT/time.txt")
  echo "run $i: ${t} s, peak ${m} MiB, $(($(wc -l <"$OUT/scores.csv") - 1)) pairs"
  times+=("$t") rss+=("$m")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
T=$(median "${times[@]}")
M=$(median "${rss[@]}")
BOUT=$("$BENCH" baseline "$DATA" --sample "${BASELINE_SAMPLE:-100}")
echo "$BOUT"
B=$(awk '/BASELINE_SECONDS/ { print $2 }' <<<"$BOUT")
echo "affinity --top 200: median ${T} s, peak ${M} MiB (of ${RUNS} runs, 2 threads)"
echo "baseline brute-force TF-IDF cosine: ${B} s (extrapolated, 1 thread)"
awk -v b="$B" -v t="$T" 'BEGIN { printf "ratio baseline / affinity: %.1fx\n", b / t }'
